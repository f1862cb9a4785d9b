"""The link cone: entropy vectors of abelian Chern-Simons link states, as a sandwich.

* **Inner bound.** Level ``p = 2``: every extreme ray of the qubit graph-state inner bound,
  each with the clasp diagram whose linking matrix is the graph's adjacency matrix
  (:func:`cones.links.link_inner_bound`; several components per party).  Level ``p = 3``: the
  link states with one component per party and linking numbers ``0, 1, 2`` (all of them up to
  ``n = 3``, a seeded sample beyond), in units of ``log 3``; any that falls outside the
  ``p = 2`` cone is added to the inner bound with its diagram.
* **Outer bound.** Abelian link states are stabilizer states (arXiv:2510.18408), so the proved
  stabilizer outer bound holds: SSA and purified Ingleton up to ``n = 4``, the quantum
  linear-rank cone from ``n = 5`` (:func:`cones.stabilizer.stabilizer_outer_bound`).

References: arXiv:2109.01150 (links as entanglement models), arXiv:1611.05460 (U(1)_k link
states), arXiv:2510.18408 (abelian link states are stabilizer states).
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from polytopes import primitive
from polytopes.cone import Cone

from cones.core.bounds import EntropyCone
from cones.core.catalogue import register_family
from cones.links.abelian import abelian_entropy_vector
from cones.links.diagram import link_diagram
from cones.links.linking import Link
from cones.links.realisation import LinkRealisation, link_inner_bound
from cones.space import EntropySpace

QUTRIT_SAMPLES = 400  # p = 3 linking matrices tried beyond n = 3 (seeded)


def qutrit_link_matrices(n: int, *, samples: int = QUTRIT_SAMPLES, seed: int = 0):
    """Symmetric linking matrices with entries ``0, 1, 2`` on ``n + 1`` components, zero
    diagonal: all ``3**(m(m-1)/2)`` of them for ``n <= 3``, else ``samples`` seeded draws."""
    m = n + 1
    pairs = m * (m - 1) // 2
    upper = np.triu_indices(m, 1)
    if n <= 3:
        choices = itertools.product(range(3), repeat=pairs)
    else:
        rng = np.random.default_rng(seed)
        choices = map(tuple, rng.integers(0, 3, size=(samples, pairs)))
    for entries in choices:
        matrix = np.zeros((m, m), dtype=np.int64)
        matrix[upper] = entries
        yield matrix + matrix.T


def qutrit_link_realisation(matrix, n: int) -> LinkRealisation:
    """The U(1)_3 link state of the clasp diagram of ``matrix``, component ``c`` held by party ``c``."""
    parties = tuple(range(n + 1))
    vector = abelian_entropy_vector(Link.from_matrix(matrix, parties, n), 3).in_units_of_log(3)
    ray = primitive(vector)
    scale = int(np.gcd.reduce(np.array(vector, dtype=np.int64)))
    return LinkRealisation(3, n, parties, link_diagram(matrix), tuple(ray), scale)


def _qutrit_rays_outside(cone: Cone, n: int, samples: int) -> tuple[int, dict]:
    """How many p = 3 link vectors were tried, and those outside ``cone`` with their realisations."""
    seen, outside = set(), {}
    for matrix in qutrit_link_matrices(n, samples=samples):
        vector = abelian_entropy_vector(Link.from_matrix(matrix, range(n + 1), n), 3).in_units_of_log(3)
        if not any(vector) or vector in seen:
            continue
        seen.add(vector)
        if not cone.contains(vector):
            found = qutrit_link_realisation(matrix, n)
            outside.setdefault(found.ray, found)
    return len(seen), outside


def build_link_cone(n: int, *, qutrit_samples: int = QUTRIT_SAMPLES, quantum_linear_rank: EntropyCone | None = None,
                    progress: bool = True) -> EntropyCone:
    """The link cone at ``n`` parties as a sandwich (module docstring); every ray of the inner
    bound carries a :class:`LinkRealisation` (a PD code, re-checked by spherogram).

    Examples
    --------
    >>> cone = build_link_cone(2, progress=False)
    >>> cone.status, len(cone.rays)
    ('settled', 3)
    """
    from cones.stabilizer.cone import stabilizer_outer_bound

    space = EntropySpace(n)
    start = time.perf_counter()
    bound = link_inner_bound(n, progress=progress)
    if bound.unrealised:
        raise AssertionError(f"graph-state rays without a link diagram: {list(bound.unrealised)}")
    timings = {"inner p=2": time.perf_counter() - start}
    start = time.perf_counter()
    tried, outside = _qutrit_rays_outside(bound.cone, n, qutrit_samples)
    inner, certificates = bound.cone, dict(bound.realisations)
    if outside:
        inner = Cone.from_v(np.vstack([bound.cone.rays, list(outside)]), dim=space.dim, group=space.group)
        certificates.update(outside)
        certificates = {key: link for key, link in certificates.items() if inner.is_extreme(key)}
    timings["inner p=3"] = time.perf_counter() - start
    start = time.perf_counter()
    outer = stabilizer_outer_bound(n, quantum_linear_rank=quantum_linear_rank)
    timings["outer"] = time.perf_counter() - start
    return EntropyCone("link", space, outer=outer, inner=inner, ray_certificates=certificates, timings=timings,
                       undecided=n >= 5,
                       notes=f"{tried} distinct U(1)_3 link vectors with one component per party tried, "
                             f"{len(outside)} outside the U(1)_2 inner bound")


register_family("link", build_link_cone,
                "links: abelian Chern-Simons link states (p = 2 graph-state links with clasp diagrams, "
                "p = 3 links); outer bound the stabilizer one (settled for n <= 4)",
                run_options=("progress",),
                requires=lambda n: {"quantum_linear_rank": "quantum-linear-rank"} if n >= 5 else {})
