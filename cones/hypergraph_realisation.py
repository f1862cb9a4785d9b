"""Hypergraph realisation of entropy rays: a weighted hypergraph whose entropy vector is proportional to a ray.

For ``k = 0, 1, 2, ...`` bulk vertices, the candidate hyperedges are all vertex sets of size
``>= 2`` on the ``n + 1 + k`` vertices, with weights ``w_e``; ``split(I, c)`` (linear in ``w``) is
the weight split by the cut with boundary part ``I`` and bulk labelling ``c``.  With ``k = 0``
``S = split(I)`` is linear and an LP finds ``w``.  Otherwise a MILP (HiGHS through
``scipy.optimize.milp``) picks one minimal labelling ``z_{I,c}`` per coordinate:

    split(I, c) >= r_I  for all c,    split(I, c) <= r_I + M_{I,c} (1 - z_{I,c}),    sum_c z_{I,c} = 1,

with weights capped at ``max r`` (a heavier hyperedge is split by no minimal cut, and lowering
it to ``max r`` keeps every cut through it ``>= S_I``), ``M_{I,c} = max r * #split - r_I``, bulk
vertices ordered by weighted degree.  Exactness: the chosen pattern is fixed, an LP vertex is
taken, the weights are rationalised, and a result is accepted only after the exact entropy
vector is recomputed and found proportional to the ray.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, diags, hstack, identity, kron

from polytopes._integers import primitive

from .certificate_kinds import register_certificate_kind
from .contraction import _map_in_order
from .graph_realisation import NotFound, _check_ray
from .hypergraphs import Hypergraph, all_hyperedges, hypergraph_from_incidence, split_patterns
from .space import EntropySpace

_DENOMINATORS = (1, 2, 3, 4, 6, 12, 60, 840, 27720)


@register_certificate_kind("hypergraph-realisation")
@dataclass(frozen=True)
class HypergraphRealised:
    """A hypergraph whose entropy vector is ``scale * ray``; also the ray's certificate."""

    hypergraph: Hypergraph
    ray: tuple[int, ...]
    scale: Fraction

    def to_json(self) -> dict:
        return {"hypergraph": self.hypergraph.to_json(), "ray": list(self.ray), "scale": str(self.scale)}

    @classmethod
    def from_json(cls, data: dict) -> "HypergraphRealised":
        return cls(Hypergraph.from_json(data["hypergraph"]), tuple(int(v) for v in data["ray"]), Fraction(data["scale"]))

    def verify(self, ray=None) -> bool:
        """Recompute the entropy vector exactly: is it ``scale * ray`` (and proportional to ``ray`` if given)?"""
        s = list(self.hypergraph.entropy_vector())
        if self.scale <= 0 or s != [self.scale * v for v in self.ray]:
            return False
        return ray is None or primitive(list(ray)) == primitive(self.ray)


def realised_by(hypergraph: Hypergraph) -> HypergraphRealised:
    """The certificate of the ray of a given hypergraph."""
    s = hypergraph.entropy_vector()
    ray = primitive(s)
    if not any(ray):
        raise ValueError("the hypergraph has the zero entropy vector")
    first = next(i for i, v in enumerate(ray) if v)
    return HypergraphRealised(hypergraph, ray, Fraction(s[first]) / ray[first])


def realise_ray_by_hypergraph(ray, space: EntropySpace | None = None, *, max_bulk: int = 2, min_bulk: int = 0,
                              time_limit: float | None = None):
    """:class:`HypergraphRealised` for the integer ray with ``min_bulk..max_bulk`` bulk vertices, or
    :class:`cones.graph_realisation.NotFound` (not a proof that none exists)."""
    space, r = _check_ray(ray, space)
    for k in range(min_bulk, max_bulk + 1):
        found = _realise_with_bulk(space.n, np.asarray(r, dtype=np.int64), k, time_limit)
        if found is not None:
            return realised_by(found)
    return NotFound(r, max_bulk)


def realise_many_by_hypergraphs(rays, space: EntropySpace | None = None, executor=None, **options) -> list:
    """:func:`realise_ray_by_hypergraph` for each ray, in input order."""
    return _map_in_order(_realise_one, [(ray, space, options) for ray in rays], executor)


def _realise_one(item):
    ray, space, options = item
    return realise_ray_by_hypergraph(ray, space, **options)


def _realise_with_bulk(n: int, r: np.ndarray, k: int, time_limit) -> Hypergraph | None:
    inc = all_hyperedges(n, k)
    split = split_patterns(inc, n)  # (dim, 2^k, E)
    dim, labels, n_edges = split.shape
    cross = split.reshape(dim * labels, n_edges).astype(np.float64)
    cap = float(r.max())
    if k == 0:
        pattern = np.zeros(dim, dtype=np.int64)
    else:
        pattern = _min_cut_pattern(inc, n, k, r, cross, cap, time_limit)
        if pattern is None:
            return None
    chosen = pattern + np.arange(dim) * labels
    lp = linprog(np.ones(n_edges), A_ub=-cross, b_ub=-np.repeat(r.astype(np.float64), labels),
                 A_eq=cross[chosen], b_eq=r.astype(np.float64), bounds=(0, cap), method="highs-ds")
    if lp.x is None:
        return None
    for den in _DENOMINATORS:
        exact = [Fraction(float(w)).limit_denominator(den) for w in lp.x]
        if min(exact) < 0:
            continue
        candidate = hypergraph_from_incidence(n, inc, exact)
        if any(candidate.entropy_vector()) and primitive(candidate.entropy_vector()) == tuple(r):
            return candidate
    return None


def _min_cut_pattern(inc, n, k, r, cross, cap, time_limit):
    """MILP over ``(w, z)``; returns the chosen bulk labelling per coordinate, or ``None``."""
    n_edges = cross.shape[1]
    dim, labels = len(r), 1 << k
    n_z = dim * labels
    target = np.repeat(r.astype(np.float64), labels)
    big = cap * cross.sum(axis=1) - target

    def row(w=None, z=None, count=None):
        count = count if count is not None else (w if w is not None else z).shape[0]
        return hstack([csr_matrix(w) if w is not None else csr_matrix((count, n_edges)),
                       csr_matrix(z) if z is not None else csr_matrix((count, n_z))])

    cons = [
        LinearConstraint(row(w=cross), target, np.inf),
        LinearConstraint(row(w=cross, z=diags(big)), -np.inf, target + big),
        LinearConstraint(row(z=kron(identity(dim), np.ones((1, labels)))), 1, 1),
    ]
    if k > 1:
        degree = inc[:, n + 1:].T.astype(np.float64)  # bulk vertex x hyperedge
        cons.append(LinearConstraint(row(w=degree[:-1] - degree[1:]), 0, np.inf))
    res = milp(np.concatenate([np.ones(n_edges) / (cap * n_edges), np.zeros(n_z)]), constraints=cons,
               integrality=np.concatenate([np.zeros(n_edges), np.ones(n_z)]),
               bounds=Bounds(0, np.concatenate([np.full(n_edges, cap), np.ones(n_z)])),
               options={"time_limit": time_limit} if time_limit else {})
    if res.x is None:
        return None
    return np.round(res.x[n_edges:]).reshape(dim, labels).argmax(axis=1)
