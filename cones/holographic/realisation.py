"""Graph realisation of entropy rays: a weighted graph whose min-cut vector is proportional to a ray.

Two searches; a result is accepted only after its min-cut vector is recomputed exactly.

**Min-cut patterns** (the default, n <= 5).  The vertices are the admissible patterns of
:mod:`cones.holographic.min_cut_patterns` and the edges the pairs with no pattern between them.  The
edge weights solve the LP

    minimise sum_e w_e  over w >= 0  with  coord_cut_I(w) = r_I  and  cut(I, X)(w) >= r_I,

the second family for every cut ``X`` of ``I``, generated lazily: after each LP solve the
min cut of every ``I`` is computed by max-flow and added while it is lighter than ``r_I``.
By the pattern argument the LP is feasible exactly when some graph realises ``r``, so an
infeasible LP means "no graph" (a floating-point verdict, reported as not found).  The
weights are rationalised, leaves and degree-two bulk vertices are removed (a path ``u z v``
cuts like one edge of the lighter weight), and the exact min-cut vector is checked.

**Fewest bulk vertices** (``max_bulk=k``).  For ``k = 0, 1, 2, ...`` bulk vertices a MILP (HiGHS through ``scipy.optimize.milp``) looks
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

import time
from dataclasses import dataclass
from fractions import Fraction

import highspy
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, diags, hstack, identity, kron
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from polytopes import primitive
from polytopes.executors import map_in_order
from polytopes.lp import silence_highs_banner

from cones.core.certificate_kinds import register_certificate_kind
from cones.core.realisation import ModelRealisation, NotFound, checked_ray
from cones.holographic.graphs import Graph, boundary_names
from cones.holographic.min_cut_patterns import MAX_PARTIES, admissible_patterns, interval_edges
from cones.space import EntropySpace

_DENOMINATORS = (1, 2, 3, 4, 6, 12, 60, 840, 27720)
_FLOW_SCALE = 1 << 20  # LP weights are scaled to integer capacities for max-flow


@register_certificate_kind("graph-realisation")
@dataclass(frozen=True)
class Realised(ModelRealisation):
    """A graph whose entropy vector is ``scale * ray``; also the ray's certificate."""

    MODEL = "graph"
    MODEL_TYPE = Graph

    graph: Graph
    ray: tuple[int, ...]
    scale: Fraction


# Rays with more admissible patterns than this are not tried (the spurious rays of a partial
# outer bound have hundreds; the extreme rays of HEC_5 at most 109).
MAX_PATTERNS = 400


def realise_ray(ray, space: EntropySpace | None = None, *, method: str = "auto", max_bulk: int = 3,
                min_bulk: int = 0, time_limit: float | None = 60.0, max_patterns: int = MAX_PATTERNS):
    """:class:`Realised` graph for the integer ray, or :class:`NotFound`.

    ``method``: ``"patterns"``, the min-cut-pattern LP (n <= 5; an infeasible LP means no
    graph exists); ``"bulk"``, the MILP trying ``min_bulk..max_bulk`` bulk vertices (smallest
    graphs, slower); ``"auto"``, the patterns and, when they are inconclusive (too many
    patterns, out of time, n > 5), the MILP.  ``time_limit`` bounds the LP loop or each MILP
    (seconds; ``None``: no limit).

    Examples
    --------
    >>> from cones import EntropySpace
    >>> found = realise_ray((1, 1, 1, 2, 2, 2, 1), EntropySpace(3))
    >>> found.graph
    Graph(n=3, bulk=1, edges=[('A', 'x0', '1'), ('B', 'x0', '1'), ('C', 'x0', '1'), ('O', 'x0', '1')])
    >>> found.verify()
    True
    """
    if method not in ("auto", "patterns", "bulk"):
        raise ValueError(f"unknown realisation method {method!r}: use 'auto', 'patterns' or 'bulk'")
    space, r = checked_ray(ray, space)
    if method == "patterns" or (method == "auto" and space.n <= MAX_PARTIES):
        found = _realise_by_patterns(space, r, time_limit, max_patterns)  # ValueError beyond MAX_PARTIES
        if method == "patterns" or isinstance(found, Realised) or found.conclusive:
            return found
    for k in range(min_bulk, max_bulk + 1):
        graph = _realise_with_bulk(space.n, np.asarray(r, dtype=np.int64), k, time_limit)
        if graph is not None:
            return Realised.of(graph)
    return NotFound(r, max_bulk)


def _realise_by_patterns(space: EntropySpace, r: tuple[int, ...], time_limit, max_patterns):
    patterns = admissible_patterns(space, r)
    if len(patterns) > max_patterns:
        return NotFound(r, None, f"{len(patterns)} admissible min-cut patterns, more than {max_patterns} (not tried)")
    iu, ju = interval_edges(patterns)
    target = np.asarray(r, dtype=np.float64)
    lp = _CuttingPlaneLP(len(iu), csr_matrix((patterns[iu] != patterns[ju]).T.astype(np.float64)), target)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    while True:
        weights = lp.solve()
        if weights is None:
            return NotFound(r, None, "the min-cut-pattern LP is infeasible: no graph realises this ray "
                            "(floating-point verdict)", conclusive=True)
        sides = _min_cut_sides(space, len(patterns), iu, ju, weights)
        crossing, floors = sides[:, iu] != sides[:, ju], np.tile(target, 2)
        light = crossing @ weights < floors - 1e-7
        _, first = np.unique(np.column_stack([crossing, floors]), axis=0, return_index=True)
        light[np.setdiff1d(np.arange(len(light)), first)] = False  # the two min cuts often agree
        if not light.any():
            break
        if deadline is not None and time.monotonic() > deadline:
            return NotFound(r, None, f"the min-cut-pattern LP did not converge within {time_limit} s")
        lp.add_cuts(crossing[light], floors[light])
    graph = _exact_graph(space.n, len(patterns) - space.n - 1, iu, ju, weights, np.asarray(r), simplify=True)
    if graph is None:
        return NotFound(r, None, "the min-cut-pattern LP solution could not be made exact")
    return Realised.of(graph)


class _CuttingPlaneLP:
    """``min sum w`` over ``w >= 0`` with ``equalities @ w = target`` and cuts ``c @ w >= floor``
    added between solves; HiGHS re-solves from the previous basis (dual simplex warm start)."""

    def __init__(self, n_weights: int, equalities: csr_matrix, target: np.ndarray):
        silence_highs_banner()
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.n = n_weights
        self.highs.addCols(n_weights, np.ones(n_weights), np.zeros(n_weights), np.full(n_weights, highspy.kHighsInf),
                           0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))
        self._add_rows(equalities, target, target)

    def _add_rows(self, rows: csr_matrix, lower, upper) -> None:
        rows = csr_matrix(rows)
        self.highs.addRows(rows.shape[0], np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64),
                           rows.nnz, rows.indptr[:-1].astype(np.int32), rows.indices.astype(np.int32),
                           rows.data.astype(np.float64))

    def add_cuts(self, crossing: np.ndarray, floors: np.ndarray) -> None:
        self._add_rows(csr_matrix(crossing.astype(np.float64)), floors, np.full(len(floors), highspy.kHighsInf))

    def solve(self) -> np.ndarray | None:
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.array(self.highs.getSolution().col_value)


def _min_cut_sides(space: EntropySpace, n_vertices: int, iu, ju, weights) -> np.ndarray:
    """Source sides (bool, rows x vertices) of the smallest and the largest min cut of every
    coordinate, by max-flow on the weights scaled to integers (a search: the final vector is
    checked exactly)."""
    n = space.n
    used = weights > 1e-12
    a, b = iu[used], ju[used]
    cap = np.maximum(np.round(weights[used] * _FLOW_SCALE), 1).astype(np.int64)
    s, t = n_vertices, n_vertices + 1
    huge = int(cap.sum()) + 1
    sides = np.zeros((2, space.dim, n_vertices), dtype=bool)
    for i, mask in enumerate(space.masks):
        inside = [p for p in range(n) if mask >> p & 1]
        outside = [p for p in range(n + 1) if not (p < n and mask >> p & 1)]
        rows = np.concatenate([a, b, np.full(len(inside), s), outside])
        cols = np.concatenate([b, a, inside, np.full(len(outside), t)])
        caps = np.concatenate([cap, cap, np.full(len(inside) + len(outside), huge)])
        network = csr_matrix((caps, (rows, cols)), shape=(t + 1, t + 1))
        residual = network - maximum_flow(network, s, t).flow
        residual.data[residual.data < 0] = 0
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, s, directed=True, return_predecessors=False)
        sides[0, i, reached[reached < n_vertices]] = True
        reaching = breadth_first_order(residual.T.tocsr(), t, directed=True, return_predecessors=False)
        sides[1, i] = True
        sides[1, i, reaching[reaching < n_vertices]] = False
    return sides.reshape(2 * space.dim, n_vertices)


def realise_many(rays, space: EntropySpace | None = None, executor=None, **options) -> list:
    """:func:`realise_ray` for each ray, in input order."""
    return map_in_order(_realise_one, [(ray, space, options) for ray in rays], executor)


def _realise_one(item):
    ray, space, options = item
    return realise_ray(ray, space, **options)


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


def _exact_graph(n, k, iu, ju, weights, r, simplify=False):
    names = boundary_names(n) + [f"x{i}" for i in range(k)]
    for den in _DENOMINATORS:
        exact = [Fraction(float(w)).limit_denominator(den) for w in weights]
        if min(exact) < 0:
            continue
        edges = [(names[i], names[j], w) for i, j, w in zip(iu, ju, exact) if w]
        graph = Graph(n, _simplified(n, edges) if simplify else edges, vertices=names[: n + 1] if simplify else names)
        if primitive(graph.entropy_vector()) == tuple(r):
            return graph
    return None


def _simplified(n: int, edges) -> list[tuple]:
    """The same min cuts with fewer bulk vertices: drop bulk vertices of degree <= 1 and replace
    ``u - z - v`` through a bulk vertex of degree 2 by one edge ``u - v`` of the lighter weight;
    bulk vertices are renamed ``x0, x1, ...``."""
    boundary = set(boundary_names(n))
    adjacent: dict = {}
    for u, v, w in edges:
        for a, b in ((u, v), (v, u)):
            adjacent.setdefault(a, {})
            adjacent[a][b] = adjacent[a].get(b, 0) + w
    changed = True
    while changed:
        changed = False
        for z in [z for z in adjacent if z not in boundary and len(adjacent[z]) <= 2]:
            if z not in adjacent or len(adjacent[z]) > 2:
                continue
            neighbours = adjacent.pop(z)
            for u in neighbours:
                del adjacent[u][z]
            if len(neighbours) == 2:
                (u, wu), (v, wv) = neighbours.items()
                adjacent[u][v] = adjacent[u].get(v, 0) + min(wu, wv)
                adjacent[v][u] = adjacent[v].get(u, 0) + min(wu, wv)
            changed = True
    rename = {z: f"x{i}" for i, z in enumerate(sorted((z for z in adjacent if z not in boundary), key=lambda z: int(z[1:])))}
    rename.update({b: b for b in boundary})
    return [(rename[u], rename[v], w) for u in adjacent for v, w in adjacent[u].items() if rename[u] < rename[v]]
