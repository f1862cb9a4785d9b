"""The link family: links as models of multipartite entanglement (arXiv:2109.01150) through
their abelian Chern-Simons link states (arXiv:1611.05460, arXiv:2510.18408): links from
diagrams or linking matrices, exact U(1)_k entropy vectors, and link diagrams as
realisation certificates."""

from cones import _lazy

_lazy.install(__name__, {
    "linking": ["Link", "NAMED_LINKS", "linking_matrix"],
    "abelian": ["AbelianEntropyVector", "abelian_entropy_vector", "image_size"],
    "drawing": ["draw_braid"],
    "diagram": ["LinkDiagram", "clasp_braid", "link_diagram"],
    "cone": ["build_link_cone", "qutrit_link_matrices", "qutrit_link_realisation"],
    "realisation": ["LinkInnerBound", "LinkRealisation", "link_inner_bound", "realise_graph_state_by_link"],
})
