"""Entropy cones: spaces, inequalities, models, proofs, catalogue, exports, CLI.

Layout: ``space`` and ``expressions`` (the vocabulary), ``core`` (what every family shares),
one package per model (``holographic``, ``hypergraph``, ``stabilizer``, ``linear_rank``) and
``interface`` (store, compare, exports, paper tables, CLI).

The public names are loaded lazily (PEP 562, :mod:`cones._lazy`): ``cones.EntropySpace``
imports :mod:`cones.space` on first access, so ``import cones`` (and ``cones --help``) does not
pay for sympy, cvxpy or galois until a name that needs them is used.  To export a new name, add
it to the table below rather than an import line.  Subpackages (``cones.holographic``) are also
reachable as attributes.
"""

from __future__ import annotations

from cones import _lazy

_lazy.install(__name__, {
    "space": ["EntropySpace"],
    "expressions": ["ExpressionError", "Inequality", "parse_inequality"],
    "core.bounds": ["EntropyCone"],
    "core.catalogue": ["register_family"],
    "core.certificate_kinds": ["register_certificate_kind"],
    "core.implication": ["Counterexample", "Implication", "Verdict"],
    "core.membership": ["Membership"],
    "interface.prove": ["prove"],
    "interface.entropy_vectors": ["entropy_vector", "violations"],
    "core.state_entropy": ["haar_random_state"],
    "core.outer": ["holographic_outer_cone", "shannon_cone", "ssa_cone", "subadditivity_cone"],
    "interface.compare": ["Comparison", "compare"],
    "interface.store": ["Store", "build", "cached_build"],
    "interface.exports": ["export_cone", "export_rows", "import_rows"],
    "holographic.graphs": ["Graph", "entropy_vectors"],
    "holographic.contraction_check": ["ContractionCertificate", "verify_contraction"],
    "holographic.contraction": ["Invalid", "NoContraction", "Proved", "prove_by_contraction", "prove_many"],
    "holographic.realisation": ["NotFound", "Realised", "realise_many", "realise_ray"],
    "stabilizer.states": ["StabilizerRealisation", "StabilizerState", "bell_pair", "css_state", "ghz_state",
                          "graph_state", "hypergraph_state", "parties_from_assignment", "perfect_tensor_4_qutrits",
                          "perfect_tensor_6_qubits"],
    "stabilizer.graph_states": ["graph_state_entropy_vector", "graph_state_entropy_vectors", "pack_adjacency"],
    "stabilizer.cone": ["build_stabilizer_cone", "facet_witness", "graph_state_vectors", "stabilizer_inner_bound",
                        "stabilizer_outer_bound"],
    "linear_rank.subspaces": ["ArrangementRealisation", "ArrangementSearch", "SubspaceArrangement", "find_arrangement",
                              "rank_vectors", "search_arrangement"],
    "linear_rank.common_information": ["CommonInformationProof", "prove_by_common_information"],
    "linear_rank.cone": ["build_linear_rank"],
    "linear_rank.quantum_linear_rank": ["build_quantum_linear_rank"],
    "hypergraph.hypergraphs": ["Hypergraph", "hypergraph_entropy_vectors"],
    "hypergraph.set_contraction": ["SetContractionCertificate", "prove_by_set_contraction"],
    "hypergraph.realisation": ["HypergraphRealised", "realise_ray_by_hypergraph"],
    "hypergraph.bounds": ["BoundsGap", "hypergraph_bounds_gap"],
})
