"""The cone catalogue: a registry of cone families by name.

``register_family(name, builder, description)`` adds a family; ``builder(n, **options)``
returns an :class:`EntropyCone`.  Families defined in other modules register themselves when
their module is imported; :data:`_LAZY_MODULES` names those modules so that ``build`` and
``families`` can import them on first use.
"""

from __future__ import annotations

import importlib
import time
from typing import Callable

from cones.core import outer
from cones.core.bounds import EntropyCone

_REGISTRY: dict[str, tuple[Callable[..., EntropyCone], str]] = {}

# Families registered by their own modules (imported on demand).
_LAZY_MODULES = {
    "holographic": "cones.holographic.cone",
    "hypergraph": "cones.hypergraph.cone",
    "stabilizer": "cones.stabilizer.cone",
    "linear-rank": "cones.linear_rank.cone",
    "quantum-linear-rank": "cones.linear_rank.quantum_linear_rank",
}


def register_family(name: str, builder: Callable[..., EntropyCone], description: str) -> None:
    """Register (or replace) the family ``name``; ``builder(n, **options) -> EntropyCone``."""
    if not isinstance(name, str) or not name or name != name.strip().lower() or " " in name:
        raise ValueError(f"family names are lower-case words joined by '-', got {name!r}")
    if not callable(builder):
        raise TypeError(f"builder for {name!r} must be callable")
    _REGISTRY[name] = (builder, description)


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
    return {name: description for name, (_, description) in sorted(_REGISTRY.items())}


def known_names() -> list[str]:
    """Every family name the catalogue knows about, loaded or not."""
    return sorted(set(_REGISTRY) | set(_LAZY_MODULES))


def builder(name: str) -> Callable[..., EntropyCone]:
    """The builder function of the family ``name`` (ValueError naming the known ones if unknown)."""
    if name not in _REGISTRY and name not in _LAZY_MODULES:
        raise ValueError(f"unknown cone family {name!r}; known families: {', '.join(known_names())}")
    _load(name)
    return _REGISTRY[name][0]


def build(name: str, n: int, **options) -> EntropyCone:
    """Build the cone family ``name`` at ``n`` parties; the time taken is recorded in ``timings["build"]``."""
    make = builder(name)
    start = time.perf_counter()
    cone = make(n, **options)
    cone.timings.setdefault("build", time.perf_counter() - start)
    return cone


register_family("shannon", outer.shannon_cone, "Gamma_n: elemental Shannon inequalities (classical, S_n)")
register_family("subadditivity", outer.subadditivity_cone, "SA instances on the n+1 purified parties (S_{n+1})")
register_family("ssa", outer.ssa_cone, "quantum outer bound: I(i:j|K) >= 0 on the n+1 purified parties (S_{n+1})")
register_family("holographic-outer", outer.holographic_outer_cone, "SA + MMI instances on the n+1 purified parties (S_{n+1})")
