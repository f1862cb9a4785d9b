"""Generic exact polyhedral cones: H/V representations, LP certificates, symmetry, and the exact
integer and rational helpers (primitive rows, ranks, null spaces) the rest of the project uses."""

from .group import Orbit, PermutationGroup
from .adjacency import OrbitEnumeration, facets_by_orbits, rays_by_orbits
from .executors import executor_for, map_in_order, map_unordered, worker_count
from .cone import Cone
from .formats import read_ext, read_ine, read_json_rows, write_ext, write_ine, write_json_rows
from .lp import CertificationError, Multipliers, implied, member, separating_inequality, violating_ray, violating_vector
from ._integers import as_fraction, as_int, canonical_rows, check_rows, primitive
from ._linalg import matmul, nullspace, rank
