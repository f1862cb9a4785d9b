"""The stabilizer family (arXiv:1302.5453): stabilizer states and tableaux, graph states with
GF(2)-rank entropies, the graph-state enumeration and the stabilizer cone Stab_n."""

from cones import _lazy

_lazy.install(__name__, {
    "states": ["StabilizerRealisation", "StabilizerState", "bell_pair", "css_state", "ghz_state", "graph_state", "hypergraph_state", "parties_from_assignment", "perfect_tensor_4_qutrits", "perfect_tensor_6_qubits"],
    "graph_states": ["all_graphs", "edges_to_adjacency", "graph_state_entropy_vector", "graph_state_entropy_vectors",
                     "pack_adjacency", "unpack_adjacency"],
    "cone": ["build_stabilizer_cone", "facet_witness", "graph_state_vectors", "stabilizer_inner_bound", "stabilizer_outer_bound"],
})
