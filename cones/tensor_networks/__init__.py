"""The tensor-network family: random tensor networks with non-flat link spectra
(arXiv:1601.01694, arXiv:2206.10482): the network description, exact averaged Rényi
entropies by the replica method, a Gaussian-tensor sampler on quimb and cotengra, checks
against the min-cut, one-cut and two-cut (free probability) predictions, and where sampled
entropy vectors sit among the cones."""

from cones import _lazy

_lazy.install(__name__, {
    "network": ["Link", "Network"],
    "sampler": ["Samples", "boundary_state", "contraction_path", "sample"],
    "checks": ["facet_report", "free_density", "min_cut_table", "one_cut_distance", "plot_two_cut", "two_cut_check"],
    "replica": ["annealed_entropies", "large_dimension_limit", "replica_moment", "replica_moments"],
})
