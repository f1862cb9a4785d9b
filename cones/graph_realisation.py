"""Graph realisation of entropy rays: a weighted graph whose min-cut vector is proportional to a ray.

For ``k = 0, 1, 2, ...`` bulk vertices a MILP (HiGHS through ``scipy.optimize.milp``) looks
for edge weights ``w_e`` on the complete graph of ``n + 1 + k`` vertices with ``S = r``:
with ``cut(I, c)`` the (linear in ``w``) weight of the cut with boundary side ``I`` and bulk
labelling ``c``,

    cut(I, c) >= r_I  for all c,      cut(I, c) <= r_I + M_{I,c} (1 - z_{I,c}),   sum_c z_{I,c} = 1.

Weights may be capped at ``max_I r_I`` without loss: an edge heavier than every entropy is cut
by no minimal cut, and lowering it to ``max r`` keeps every cut through it ``>= S_I``.  So
``M_{I,c} = max r * (number of edges crossing the cut) - r_I``.  Bulk vertices are ordered by
weighted degree (symmetry breaking).  Exactness: the chosen min-cut pattern ``z`` is fixed, the
LP is re-solved for a vertex, the weights are rationalised, and a result is accepted only after
the exact min-cut vector is recomputed and found proportional to ``r``.
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
from .graphs import Graph, boundary_names
from .space import EntropySpace

_DENOMINATORS = (1, 2, 3, 4, 6, 12, 60, 840, 27720)


@register_certificate_kind("graph-realisation")
@dataclass(frozen=True)
class Realised:
    """A graph whose entropy vector is ``scale * ray``; also the ray's certificate."""

    graph: Graph
    ray: tuple[int, ...]
    scale: Fraction

    def to_json(self) -> dict:
        return {"graph": self.graph.to_json(), "ray": list(self.ray), "scale": str(self.scale)}

    @classmethod
    def from_json(cls, data: dict) -> "Realised":
        return cls(Graph.from_json(data["graph"]), tuple(int(v) for v in data["ray"]), Fraction(data["scale"]))

    def verify(self, ray=None) -> bool:
        """Recompute the min-cut vector exactly: is it ``scale * ray`` (and proportional to ``ray`` if given)?"""
        s = list(self.graph.entropy_vector())
        if self.scale <= 0 or s != [self.scale * v for v in self.ray]:
            return False
        return ray is None or primitive(list(ray)) == primitive(self.ray)


@dataclass(frozen=True)
class NotFound:
    """No graph with up to ``max_bulk`` bulk vertices was found (not a proof of non-realisability)."""

    ray: tuple[int, ...]
    max_bulk: int

    def __str__(self):
        return f"not found up to {self.max_bulk} bulk vertices"


def realise_ray(ray, space: EntropySpace | None = None, *, max_bulk: int = 3, min_bulk: int = 0, time_limit: float | None = 60.0):
    """:class:`Realised` graph for the integer ray, trying ``min_bulk..max_bulk`` bulk vertices, or :class:`NotFound`.

    ``time_limit`` bounds each MILP (seconds; ``None``: no limit); a timeout counts as not found.
    """
    space, r = _check_ray(ray, space)
    for k in range(min_bulk, max_bulk + 1):
        graph = _realise_with_bulk(space.n, np.asarray(r, dtype=np.int64), k, time_limit)
        if graph is not None:
            first = next(i for i, v in enumerate(r) if v)
            return Realised(graph, r, Fraction(graph.entropy_vector()[first]) / r[first])
    return NotFound(r, max_bulk)


def realise_many(rays, space: EntropySpace | None = None, executor=None, **options) -> list:
    """:func:`realise_ray` for each ray, in input order."""
    return _map_in_order(_realise_one, [(ray, space, options) for ray in rays], executor)


def _realise_one(item):
    ray, space, options = item
    return realise_ray(ray, space, **options)


def _check_ray(ray, space):
    values = list(np.asarray(ray, dtype=object).ravel())
    if space is None:
        space = EntropySpace.of_vector(values, "ray")
    if len(values) != space.dim:
        raise ValueError(f"ray has {len(values)} entries, the {space.n}-party space has {space.dim}")
    r = primitive(values)
    if not any(r):
        raise ValueError("the zero vector is not a ray")
    if min(r) < 0:
        raise ValueError(f"ray {r} has negative entropies")
    return space, r


def _cut_patterns(n: int, k: int):
    """Edge list of K_{n+1+k} and the 0/1 matrix ``P[(I, c), e] = [e crosses the cut]``."""
    space = EntropySpace(n)
    size = n + 1 + k
    iu, ju = np.triu_indices(size, 1)
    bulk = np.arange(1 << k, dtype=np.int64)
    labels = np.zeros((space.dim, 1 << k, size), dtype=np.int64)
    labels[:, :, :n] = (space.masks[:, None, None] >> np.arange(n)) & 1
    labels[:, :, n + 1 :] = (bulk[None, :, None] >> np.arange(k)) & 1
    crossing = labels[:, :, iu] != labels[:, :, ju]  # (I, c, e)
    return (iu, ju), crossing.reshape(space.dim * (1 << k), -1).astype(np.float64)


def _realise_with_bulk(n: int, r: np.ndarray, k: int, time_limit):
    """Weights on ``K_{n+1+k}`` with min-cut vector ``r``: MILP for the min-cut pattern, then an LP vertex."""
    (iu, ju), cross = _cut_patterns(n, k)
    n_edges, n_labels, dim = len(iu), 1 << k, len(r)
    target = np.repeat(r.astype(np.float64), n_labels)
    cap = float(r.max())
    if k == 0:
        pattern = np.zeros(dim, dtype=np.int64)
    else:
        pattern = _min_cut_pattern(n, k, r, iu, ju, cross, cap, time_limit)
        if pattern is None:
            return None
    chosen = pattern + np.arange(dim) * n_labels
    lp = linprog(
        np.ones(n_edges),
        A_ub=-cross,
        b_ub=-target,
        A_eq=cross[chosen],
        b_eq=r.astype(np.float64),
        bounds=(0, cap),
        method="highs-ds",
    )
    if lp.x is None:
        return None
    return _exact_graph(n, k, iu, ju, lp.x, r)


def _min_cut_pattern(n, k, r, iu, ju, cross, cap, time_limit):
    """MILP over ``(w, z, u)``: ``z_{I,c}`` picks bulk labelling ``c`` for ``I``, ``u_{I,v}`` its bits.

    Constraints: all cuts ``>= r_I``, the chosen one ``<= r_I`` (big-M), one choice per ``I``,
    ``u`` = bits of the choice, nesting ``u_{I,v} <= u_{I+p,v}`` (minimal min cuts nest), bulk
    vertices by non-increasing weighted degree.  The solver branches on ``u``.
    Returns the chosen labelling per coordinate, or ``None``.
    """
    n_edges, n_labels, dim = len(iu), 1 << k, len(r)
    n_z, n_u = dim * n_labels, dim * k
    target = np.repeat(r.astype(np.float64), n_labels)
    big = cap * cross.sum(axis=1) - target
    bits = ((np.arange(n_labels)[:, None] >> np.arange(k)) & 1).astype(np.float64)

    def row(w=None, z=None, u=None, count=None):
        blocks = [w, z, u]
        count = count if count is not None else next(b.shape[0] for b in blocks if b is not None)
        sizes = (n_edges, n_z, n_u)
        return hstack([csr_matrix(b) if b is not None else csr_matrix((count, m)) for b, m in zip(blocks, sizes)])

    cons = [
        LinearConstraint(row(w=cross), target, np.inf),
        LinearConstraint(row(w=cross, z=diags(big)), -np.inf, target + big),
        LinearConstraint(row(z=kron(identity(dim), np.ones((1, n_labels)))), 1, 1),
        LinearConstraint(row(z=kron(identity(dim), bits.T), u=-identity(n_u)), 0, 0),
        LinearConstraint(row(u=_nesting(n, k)), -np.inf, 0),
    ]
    if k > 1:
        cons.append(LinearConstraint(row(w=_degree_order(n, k, iu, ju)), 0, np.inf))
    res = milp(
        np.zeros(n_edges + n_z + n_u),
        constraints=cons,
        integrality=np.concatenate([np.zeros(n_edges), np.full(n_z, k > 2), np.ones(n_u)]),
        bounds=Bounds(0, np.concatenate([np.full(n_edges, cap), np.ones(n_z + n_u)])),
        options={"time_limit": time_limit} if time_limit else {},
    )
    if res.x is None:
        return None
    return np.round(res.x[n_edges : n_edges + n_z]).reshape(dim, n_labels).argmax(axis=1)


def _nesting(n, k):
    """Rows ``u_{I,v} - u_{J,v} <= 0`` for ``J = I + one party``: minimal min cuts nest."""
    space = EntropySpace(n)
    rows, cols, vals = [], [], []
    for i, mask in enumerate(space.masks):
        for p in range(n):
            if not mask >> p & 1:
                j = space.index[int(mask) | 1 << p]
                for v in range(k):
                    base = len(vals) // 2
                    rows += [base, base]
                    cols += [i * k + v, j * k + v]
                    vals += [1.0, -1.0]
    return csr_matrix((vals, (rows, cols)), shape=(len(vals) // 2, space.dim * k))


def _degree_order(n, k, iu, ju):
    """Rows ``deg(x_i) - deg(x_{i+1}) >= 0`` for consecutive bulk vertices (symmetry breaking)."""
    deg = np.zeros((k, len(iu)))
    for b in range(k):
        v = n + 1 + b
        deg[b, (iu == v) | (ju == v)] = 1
    return csr_matrix(deg[:-1] - deg[1:])


def _exact_graph(n, k, iu, ju, weights, r):
    names = boundary_names(n) + [f"x{i}" for i in range(k)]
    for den in _DENOMINATORS:
        exact = [Fraction(float(w)).limit_denominator(den) for w in weights]
        if min(exact) < 0:
            continue
        graph = Graph(n, [(names[i], names[j], w) for i, j, w in zip(iu, ju, exact) if w], vertices=names)
        if primitive(graph.entropy_vector()) == tuple(r):
            return graph
    return None
