"""Entropy cones: spaces, inequalities, models, proofs, catalogue, exports, CLI.

The public names are loaded lazily (PEP 562): ``cones.EntropySpace`` imports
:mod:`cones.space` on first access, so ``import cones`` (and ``cones --help``) does not pay
for sympy, cvxpy or galois until a name that needs them is used.  ``_EXPORTS`` maps each
submodule to the names it exports: to export a new name, add it there rather than an import
line.  Submodules themselves (``cones.catalogue``) are also reachable as attributes.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

_EXPORTS = {
    "certificate_kinds": ["register_certificate_kind"],
    "compare": ["Comparison", "compare"],
    "store": ["Store", "cached_build"],
    "bounds": ["EntropyCone"],
    "catalogue": ["build", "register_family"],
    "expressions": ["ExpressionError", "Inequality", "parse_inequality"],
    "exports": ["export_cone", "export_rows", "import_rows"],
    "outer": ["holographic_outer_cone", "shannon_cone", "ssa_cone", "subadditivity_cone"],
    "space": ["EntropySpace"],
    "graphs": ["Graph", "entropy_vectors"],
    "contraction_check": ["ContractionCertificate", "verify_contraction"],
    "contraction": ["Invalid", "NoContraction", "Proved", "prove_by_contraction", "prove_many"],
    "graph_realisation": ["NotFound", "Realised", "realise_many", "realise_ray"],
    "stabilizer": ["StabilizerRealisation", "StabilizerState", "bell_pair", "css_state", "ghz_state", "graph_state",
                   "hypergraph_state", "parties_from_assignment", "perfect_tensor_4_qutrits", "perfect_tensor_6_qubits"],
    "graph_states": ["graph_state_entropy_vector", "graph_state_entropy_vectors", "pack_adjacency"],
    "stabilizer_enumeration": ["build_stabilizer_cone", "facet_witness", "graph_state_vectors", "stabilizer_inner_bound",
                               "stabilizer_outer_bound"],
    "subspaces": ["ArrangementRealisation", "ArrangementSearch", "SubspaceArrangement", "find_arrangement", "rank_vectors",
                  "search_arrangement"],
    "common_information": ["CommonInformationProof", "prove_by_common_information"],
    "linear_rank": ["build_linear_rank"],
    "quantum_linear_rank": ["build_quantum_linear_rank"],
    "hypergraphs": ["Hypergraph", "hypergraph_entropy_vectors"],
    "set_contraction": ["SetContractionCertificate", "prove_by_set_contraction"],
    "hypergraph_realisation": ["HypergraphRealised", "realise_ray_by_hypergraph"],
    "hypergraph_bounds": ["BoundsGap", "hypergraph_bounds_gap"],
}

_SOURCE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_SOURCE)


def __getattr__(name: str):
    module = _SOURCE.get(name)
    if module is None:
        if name.startswith("_") or importlib.util.find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return importlib.import_module(f"{__name__}.{name}")  # a submodule, e.g. cones.catalogue
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """Keeps a function named like its submodule (``cones.compare``) bound to the function: the
    import system binds the submodule on the package when it is first imported."""

    def __setattr__(self, name, value):
        if isinstance(value, ModuleType) and _SOURCE.get(name) == name and value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
