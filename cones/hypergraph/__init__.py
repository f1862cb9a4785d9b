"""The hypergraph family (arXiv:2002.05317, arXiv:2006.16292): hypergraph models, set-contraction
proofs, hypergraph realisation of rays, the bounds gap search and the hypergraph cone HC_n."""

from cones import _lazy

_lazy.install(__name__, {
    "hypergraphs": ["Hypergraph", "hypergraph_entropy_vectors"],
    "set_contraction": ["SetContractionCertificate", "prove_by_set_contraction"],
    "realisation": ["HypergraphRealised", "realise_ray_by_hypergraph"],
    "bounds": ["BoundsGap", "hypergraph_bounds_gap"],
    "cone": ["build_hypergraph", "hypergraph_family"],
})
