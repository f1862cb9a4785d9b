"""The holographic family: graph models (min-cut entropies, arXiv:1505.07839), min-cut
patterns, contraction-map proofs and their checker, graph realisation of rays, and the
holographic entropy cone HEC_n."""

from cones import _lazy

_lazy.install(__name__, {
    "graphs": ["Graph", "entropy_vectors"],
    "contraction_check": ["ContractionCertificate", "verify_contraction"],
    "contraction": ["Invalid", "NoContraction", "Proved", "prove_by_contraction", "prove_many"],
    "realisation": ["NotFound", "Realised", "realise_many", "realise_ray"],
    "cone": ["build_holographic", "holographic_family"],
})
