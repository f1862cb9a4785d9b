"""Registry of certificate kinds, so that stored certificates can be re-read and re-checked
without the store or the exports knowing any cone family.

A certificate is any object with ``to_json() -> dict``, a classmethod ``from_json(dict)`` and
``verify(row) -> bool`` (or ``verify() -> bool`` when the certificate carries its claim): a
contraction map, a graph / hypergraph / stabilizer / subspace-arrangement realisation, LP
multipliers.  Each class is registered once under a short kind name::

    @register_certificate_kind("contraction-map")
    class ContractionMap: ...

and serialises as ``{"kind": name, "module": defining module, "data": cert.to_json()}``; the
module (under ``cones.``) is imported on reading when the kind is not registered yet, so a
fresh process can read certificates of families it has not loaded.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Certificate(Protocol):
    """What the store and the exports need from a certificate."""

    def to_json(self) -> dict: ...

    def verify(self, *row) -> bool: ...


_KINDS: dict[str, type] = {}


def register_certificate_kind(kind: str) -> Callable[[type], type]:
    """Class decorator registering ``cls`` under ``kind`` (sets ``cls.kind``); re-registering the
    same class is harmless, a different class under a taken name is a ValueError."""
    if not isinstance(kind, str) or not kind:
        raise ValueError(f"certificate kind must be a non-empty string, got {kind!r}")

    def decorate(cls: type) -> type:
        for needed in ("to_json", "from_json", "verify"):
            if not callable(getattr(cls, needed, None)):
                raise TypeError(f"certificate class {cls.__name__} has no {needed}()")
        known = _KINDS.get(kind)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise ValueError(f"certificate kind {kind!r} is already registered to {known.__qualname__}")
        _KINDS[kind] = cls
        cls.kind = kind
        return cls

    return decorate


def certificate_kinds() -> dict[str, type]:
    """The registered kinds (a copy): name -> class."""
    return dict(_KINDS)


def kind_of(certificate: Any) -> str:
    """The registered kind name of a certificate object; TypeError for unregistered classes."""
    for name, cls in _KINDS.items():
        if type(certificate) is cls:
            return name
    raise TypeError(
        f"{type(certificate).__name__} is not a registered certificate kind "
        f"(register it with cones.core.certificate_kinds.register_certificate_kind); known: {sorted(_KINDS)}"
    )


def certificate_to_json(certificate: Any) -> dict:
    """``{"kind": name, "module": module, "data": certificate.to_json()}``."""
    return {"kind": kind_of(certificate), "module": type(certificate).__module__, "data": certificate.to_json()}


def certificate_from_json(record: dict) -> Any:
    """Inverse of :func:`certificate_to_json`; ValueError for a malformed record or unknown kind."""
    if not isinstance(record, dict) or not {"kind", "data"} <= set(record) <= {"kind", "module", "data"}:
        raise ValueError(f"a certificate record must be {{'kind': ..., 'module': ..., 'data': ...}}, got {record!r:.200}")
    module = record.get("module")
    if record["kind"] not in _KINDS and isinstance(module, str) and module.startswith("cones."):
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # reported below as an unknown kind
    cls = _KINDS.get(record["kind"])
    if cls is None:
        raise ValueError(f"unknown certificate kind {record['kind']!r}; known: {sorted(_KINDS)}")
    try:
        return cls.from_json(record["data"])
    except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a malformed record, named as such
        raise ValueError(f"malformed {record['kind']!r} certificate data ({type(exc).__name__}: {exc})") from None


def verify_certificate(certificate: Any, row) -> bool:
    """Re-check ``certificate`` for the facet or ray ``row`` (an integer sequence).

    ``verify(row)`` is called when the method takes an argument, ``verify()`` otherwise; then
    the certificate must carry its own claim.  Any exception counts as a failed check.
    """
    try:
        params = [
            p
            for p in inspect.signature(certificate.verify).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        ]
        if params:
            return bool(certificate.verify(np.asarray(row, dtype=np.int64)))
        return bool(certificate.verify())
    except Exception:  # a certificate that cannot be checked is not trusted
        return False
