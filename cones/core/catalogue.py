"""The cone catalogue: a registry of cone families by name.

``register_family(name, builder, description)`` adds a family; ``builder(n, **options)``
returns an :class:`EntropyCone`.  Families defined in other modules register themselves when
their module is imported; :data:`_LAZY_MODULES` names those modules so that ``build`` and
``families`` can import them on first use.

A family declares what it needs instead of fetching it: ``requires(n)`` names the cones its
builder is handed (QLR_n is handed the settled LR_n as ``linear_rank``), and ``run_options``
the keywords that change how it runs but not what it returns (``checkpoint``, ``progress``,
``executor``).  :func:`build` hands each required cone over from ``prerequisite(family, n)``,
which the results store points at itself, so no family module reaches up into the store.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Callable

from cones.core import outer
from cones.core.bounds import EntropyCone

RUN_OPTIONS = frozenset({"checkpoint", "progress", "executor"})


@dataclass(frozen=True)
class _Family:
    builder: Callable[..., EntropyCone]
    description: str
    run_options: frozenset
    requires: Callable[[int], dict[str, str]]


_REGISTRY: dict[str, _Family] = {}

# Families registered by their own modules (imported on demand).
_LAZY_MODULES = {
    "holographic": "cones.holographic.cone",
    "hypergraph": "cones.hypergraph.cone",
    "stabilizer": "cones.stabilizer.cone",
    "linear-rank": "cones.linear_rank.cone",
    "quantum-linear-rank": "cones.linear_rank.quantum_linear_rank",
    "link": "cones.links.cone",
}


def register_family(name: str, builder: Callable[..., EntropyCone], description: str, *,
                    run_options=(), requires: Callable[[int], dict[str, str]] | None = None) -> None:
    """Register (or replace) the family ``name``; ``builder(n, **options) -> EntropyCone``.

    ``run_options``: which of ``checkpoint``, ``progress``, ``executor`` the builder accepts.
    ``requires(n)``: ``{keyword: family}``, the cones the builder is handed at ``n`` parties."""
    if not isinstance(name, str) or not name or name != name.strip().lower() or " " in name:
        raise ValueError(f"family names are lower-case words joined by '-', got {name!r}")
    if not callable(builder):
        raise TypeError(f"builder for {name!r} must be callable")
    unknown = set(run_options) - RUN_OPTIONS
    if unknown:
        raise ValueError(f"unknown run options {sorted(unknown)} for {name!r}; known: {sorted(RUN_OPTIONS)}")
    _REGISTRY[name] = _Family(builder, description, frozenset(run_options), requires or (lambda n: {}))


def _load(name: str) -> None:
    module = _LAZY_MODULES.get(name)
    if name in _REGISTRY or module is None:
        return
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        raise ValueError(f"cone family {name!r} is not available yet (module {module} is not installed)") from None
    if name not in _REGISTRY:
        raise ValueError(f"module {module} did not register the cone family {name!r}")


def families() -> dict[str, str]:
    """Known family names with their descriptions (families whose module is missing are left out)."""
    for name in _LAZY_MODULES:
        try:
            _load(name)
        except ValueError:
            pass
    return {name: family.description for name, family in sorted(_REGISTRY.items())}


def known_names() -> list[str]:
    """Every family name the catalogue knows about, loaded or not."""
    return sorted(set(_REGISTRY) | set(_LAZY_MODULES))


def _family(name: str) -> _Family:
    if name not in _REGISTRY and name not in _LAZY_MODULES:
        raise ValueError(f"unknown cone family {name!r}; known families: {', '.join(known_names())}")
    _load(name)
    return _REGISTRY[name]


def builder(name: str) -> Callable[..., EntropyCone]:
    """The builder function of the family ``name`` (ValueError naming the known ones if unknown)."""
    return _family(name).builder


def run_options(name: str) -> frozenset:
    """The keywords among :data:`RUN_OPTIONS` that the builder of ``name`` accepts."""
    return _family(name).run_options


def requirements(name: str, n: int) -> dict[str, str]:
    """``{keyword: family}``: the cones the builder of ``name`` is handed at ``n`` parties."""
    return dict(_family(name).requires(n))


def build(name: str, n: int, *, prerequisite: Callable[[str, int], EntropyCone] | None = None,
          **options) -> EntropyCone:
    """Build the cone family ``name`` at ``n`` parties; the time taken is recorded in ``timings["build"]``.

    Each required cone (:func:`requirements`) not given in ``options`` is taken from
    ``prerequisite(family, n)``, by default built here the same way.

    Examples
    --------
    >>> build("ssa", 3).family
    'ssa'
    >>> sorted(requirements("quantum-linear-rank", 5))
    ['linear_rank']
    """
    family = _family(name)
    fetch = prerequisite or build
    for keyword, required in family.requires(n).items():
        if keyword not in options:
            options[keyword] = fetch(required, n)
    start = time.perf_counter()
    cone = family.builder(n, **options)
    cone.timings.setdefault("build", time.perf_counter() - start)
    return cone


register_family("shannon", outer.shannon_cone, "Gamma_n: elemental Shannon inequalities (classical, S_n)")
register_family("subadditivity", outer.subadditivity_cone, "SA instances on the n+1 purified parties (S_{n+1})")
register_family("ssa", outer.ssa_cone, "quantum outer bound: I(i:j|K) >= 0 on the n+1 purified parties (S_{n+1})")
register_family("holographic-outer", outer.holographic_outer_cone, "SA + MMI instances on the n+1 purified parties (S_{n+1})")
