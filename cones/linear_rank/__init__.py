"""The linear-rank family: subspace arrangements and their rank vectors, the arrangement
library, common-information proofs (Ingleton; DFZ arXiv:0910.0284), the linear-rank cone LR_n
and the quantum linear-rank cone QLR_n."""

from cones import _lazy

_lazy.install(__name__, {
    "subspaces": ["ArrangementRealisation", "ArrangementSearch", "SubspaceArrangement", "find_arrangement", "rank_vectors", "search_arrangement"],
    "arrangement_library": ["ArrangementLibrary"],
    "common_information": ["CommonInformationProof", "elemental_terms", "prove_by_common_information"],
    "cone": ["build_linear_rank", "lifted_seeds", "verify_certificates"],
    "quantum_linear_rank": ["build_quantum_linear_rank"],
})
