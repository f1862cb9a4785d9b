"""Hypergraph realisation of entropy rays: a weighted hypergraph whose entropy vector is proportional to a ray.

Two searches; a result is accepted only after its entropy vector is recomputed exactly.

**Min-cut patterns** (the default, n <= 5).  The argument of :mod:`cones.holographic.min_cut_patterns`
holds for hypergraphs word for word, because all it uses is that the cut function
``C -> w(hyperedges split by C)`` is submodular (``[e split by C]`` is submodular in ``C`` for
each ``e``): the inclusion-minimal min cuts ``C_I`` exist and nest, ``C_I ∪ C_J`` is the
minimal min cut of ``I ∪ J`` when SSA is saturated, and identifying vertices with equal
patterns ``x(v) = ([v in C_I])_I`` keeps every ``C_I`` a cut of the same weight (a hyperedge
only loses vertices) and creates no cheaper cut (a cut of the merged hypergraph is a cut of the
original one with the same split hyperedges).  So a realisable ray has a realisation whose
vertices are distinct admissible patterns.  Moreover a hyperedge ``e`` may be replaced by its
*interval closure* ``[e] = {z : meet(e) <= z <= join(e)}``: ``[e]`` has the same meet and join,
so each coordinate cut ``C_I`` splits it exactly when it splits ``e`` (``meet_I = 0 < join_I``),
and every cut splitting ``e`` splits the larger ``[e]``.  The hyperedges are therefore the
interval-closed sets of patterns, enumerated as the distinct ``(meet, join)`` pairs reached
from pairs of patterns by adding one pattern at a time (:func:`interval_hyperedges`).  The weights solve

    minimise sum_e w_e  over w >= 0  with  split_I(w) = r_I  (coordinate cuts)  and  split(X)(w) >= r_I,

the second family for every cut ``X`` of ``I``, generated lazily: after each LP solve the min
cut of every ``I`` is found by max-flow on the graph gadget
(:func:`cones.hypergraph.hypergraphs.gadget_min_cuts`) and added while it is lighter than ``r_I``.  When
every interval hyperedge is a column the LP is feasible exactly when some hypergraph realises
``r``, and an infeasible LP means "no hypergraph" (a floating-point verdict, reported as a
conclusive :class:`NotFound`); when the columns were capped it means nothing.  The weights are
rationalised, bulk vertices in a single hyperedge are removed from it (moving such a vertex
to the side of the rest of its hyperedge never makes a cut dearer), and the exact entropy
vector is checked.

**Fewest bulk vertices** (``method="bulk"``, the fallback).  For ``k = 0, 1, 2, ...`` bulk
vertices, the candidate hyperedges are all vertex sets of size ``>= 2`` on the ``n + 1 + k``
vertices, with weights ``w_e``; ``split(I, c)`` (linear in ``w``) is the weight split by the cut
with boundary part ``I`` and bulk labelling ``c``.  With ``k = 0`` ``S = split(I)`` is linear and
an LP finds ``w``.  Otherwise a MILP (HiGHS through ``scipy.optimize.milp``) picks one minimal
labelling ``z_{I,c}`` per coordinate:

    split(I, c) >= r_I  for all c,    split(I, c) <= r_I + M_{I,c} (1 - z_{I,c}),    sum_c z_{I,c} = 1,

with weights capped at ``max r`` (a heavier hyperedge is split by no minimal cut, and lowering
it to ``max r`` keeps every cut through it ``>= S_I``), ``M_{I,c} = max r * #split - r_I``, bulk
vertices ordered by weighted degree.  Exactness: the chosen pattern is fixed, an LP vertex is
taken, the weights are rationalised, and a result is accepted only after the exact entropy
vector is recomputed and found proportional to the ray.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, diags, hstack, identity, kron, vstack

from polytopes import primitive
from polytopes.executors import map_in_order

from cones.core.certificate_kinds import register_certificate_kind
from cones.core.realisation import ModelRealisation, NotFound, checked_ray
from cones.hypergraph.hypergraphs import Hypergraph, all_hyperedges, gadget_min_cuts, hypergraph_from_incidence, split_patterns
from cones.holographic.min_cut_patterns import MAX_PARTIES, admissible_patterns
from cones.space import EntropySpace

_DENOMINATORS = (1, 2, 3, 4, 6, 12, 60, 840, 27720)
# Rays with more admissible patterns than this are not tried by the pattern LP, and at most
# this many interval hyperedges are its columns (beyond, an infeasible LP is not conclusive).
MAX_PATTERNS = 200
MAX_HYPEREDGES = 200_000


@register_certificate_kind("hypergraph-realisation")
@dataclass(frozen=True)
class HypergraphRealised(ModelRealisation):
    """A hypergraph whose entropy vector is ``scale * ray``; also the ray's certificate."""

    MODEL = "hypergraph"
    MODEL_TYPE = Hypergraph

    hypergraph: Hypergraph
    ray: tuple[int, ...]
    scale: Fraction


def realised_by(hypergraph: Hypergraph) -> HypergraphRealised:
    """The certificate of the ray of a given hypergraph."""
    return HypergraphRealised.of(hypergraph)


def realise_ray_by_hypergraph(ray, space: EntropySpace | None = None, *, method: str = "auto", max_bulk: int = 2,
                              min_bulk: int = 0, time_limit: float | None = 60.0, max_patterns: int = MAX_PATTERNS,
                              max_hyperedges: int = MAX_HYPEREDGES):
    """:class:`HypergraphRealised` for the integer ray, or :class:`cones.core.realisation.NotFound`.

    ``method``: ``"patterns"``, the min-cut-pattern LP (n <= 5; a conclusive ``NotFound`` means
    no hypergraph exists, a floating-point verdict); ``"bulk"``, the MILP trying
    ``min_bulk..max_bulk`` bulk vertices; ``"auto"``: first a hypergraph without bulk
    vertices (one small LP), then the patterns and, when they are inconclusive, the MILP.
    ``time_limit`` bounds the LP loop or each MILP (seconds; ``None``: no limit).  Rays with more than ``max_patterns`` admissible patterns are not tried by the
    LP; at most ``max_hyperedges`` interval hyperedges are its columns.
    """
    if method not in ("auto", "patterns", "bulk"):
        raise ValueError(f"unknown realisation method {method!r}: use 'auto', 'patterns' or 'bulk'")
    space, r = checked_ray(ray, space)
    if method == "patterns" and space.n > MAX_PARTIES:
        raise ValueError(f"min-cut patterns are enumerated for at most {MAX_PARTIES} parties, not {space.n}")
    if method == "auto" and min_bulk == 0:  # no bulk: one small LP, often enough
        found = _realise_with_bulk(space.n, np.asarray(r, dtype=np.int64), 0, time_limit)
        if found is not None:
            return realised_by(found)
        min_bulk = 1
    if method != "bulk" and space.n <= MAX_PARTIES:
        found = _realise_by_patterns(space, r, time_limit, max_patterns, max_hyperedges)
        if method == "patterns" or isinstance(found, HypergraphRealised) or found.conclusive:
            return found
    for k in range(min_bulk, max_bulk + 1):
        found = _realise_with_bulk(space.n, np.asarray(r, dtype=np.int64), k, time_limit)
        if found is not None:
            return realised_by(found)
    return NotFound(r, max_bulk)


def interval_hyperedges(patterns, limit: int | None = None) -> tuple[np.ndarray, bool]:
    """``(members, complete)``: the interval-closed sets ``{z : lo <= z <= hi}`` of at least two
    patterns, one bool row over the patterns each, smallest generating sets first; ``complete``
    unless ``limit`` rows were reached before every such set was found."""
    patterns = np.asarray(patterns, dtype=bool)
    if patterns.shape[1] > 31:
        raise ValueError(f"patterns of {patterns.shape[1]} coordinates are too long (at most 31)")
    codes = (patterns.astype(np.int64) << np.arange(patterns.shape[1], dtype=np.int64)).sum(axis=1)
    iu, ju = np.triu_indices(len(codes), 1)
    keys = np.unique((codes[iu] & codes[ju]) << 31 | (codes[iu] | codes[ju]))  # key = meet << 31 | join
    found, frontier, complete = [keys], keys, True
    while len(frontier):
        if limit is not None and sum(map(len, found)) >= limit:
            complete = False
            break
        grown, step = [], max(1, (1 << 22) // len(codes))  # chunks of bounded memory
        for start in range(0, len(frontier), step):
            lo, hi = frontier[start:start + step] >> 31, frontier[start:start + step] & ((1 << 31) - 1)
            grown.append(np.unique(((lo[:, None] & codes) << 31 | (hi[:, None] | codes)).ravel()))
            if limit is not None and sum(map(len, grown)) >= 2 * limit:
                break
        grown = np.unique(np.concatenate(grown))
        frontier = grown[~np.isin(grown, np.concatenate(found))]
        found.append(frontier)
    keys = np.concatenate(found)
    if limit is not None and len(keys) > limit:
        keys, complete = keys[:limit], False
    lo, hi = keys >> 31, keys & ((1 << 31) - 1)
    members = ((codes[None, :] & lo[:, None]) == lo[:, None]) & ((codes[None, :] | hi[:, None]) == hi[:, None])
    return members, complete


def _realise_by_patterns(space: EntropySpace, r: tuple[int, ...], time_limit, max_patterns, max_hyperedges):
    patterns = admissible_patterns(space, r)
    if len(patterns) > max_patterns:
        return NotFound(r, None, f"{len(patterns)} admissible min-cut patterns, more than {max_patterns} (not tried)")
    members, complete = interval_hyperedges(patterns, max_hyperedges)
    member_f = members.astype(np.float64)
    # coordinate cut I splits e iff 0 < |e ∩ C_I| < |e|
    inside = member_f @ patterns.astype(np.float64)  # (E, dim)
    coordinate_split = csr_matrix(((inside > 0) & (inside < members.sum(axis=1)[:, None])).T.astype(np.float64))
    target = np.asarray(r, dtype=np.float64)
    cuts, floors = csr_matrix((0, len(members))), np.zeros(0)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    while True:
        lp = linprog(np.ones(len(members)), A_ub=-cuts if cuts.shape[0] else None, b_ub=-floors if cuts.shape[0] else None,
                     A_eq=coordinate_split, b_eq=target, bounds=(0, None), method="highs")
        if lp.x is None:
            if complete:
                return NotFound(r, None, "the min-cut-pattern LP is infeasible: no hypergraph realises this ray "
                                "(floating-point verdict)", conclusive=True)
            return NotFound(r, None, f"the min-cut-pattern LP over the first {len(members)} interval hyperedges is infeasible")
        used = np.flatnonzero(lp.x > 1e-12)
        scale = (1 << 28) / max(1.0, float(lp.x[used].sum()))
        caps = np.maximum(np.round(lp.x[used] * scale), 1).astype(np.int64)
        sides = gadget_min_cuts(members[used].astype(np.int8), caps, space.n)[1]  # (dim, patterns)
        hits = member_f @ sides.T  # (E, dim): members on the boundary side
        split = ((hits > 0) & (hits < members.sum(axis=1)[:, None])).T
        light = split @ lp.x < target - 1e-7
        if not light.any():
            break
        if deadline is not None and time.monotonic() > deadline:
            return NotFound(r, None, f"the min-cut-pattern LP did not converge within {time_limit} s")
        cuts = vstack([cuts, csr_matrix(split[light].astype(np.float64))]).tocsr()
        floors = np.concatenate([floors, target[light]])
    hypergraph = _exact_hypergraph(space.n, members[used], lp.x[used], patterns, r)
    if hypergraph is None:
        return NotFound(r, None, "the min-cut-pattern LP solution could not be made exact")
    return realised_by(hypergraph)


def _exact_hypergraph(n: int, members: np.ndarray, weights, patterns: np.ndarray, r) -> Hypergraph | None:
    """The hypergraph on pattern vertices with rationalised weights, simplified, if its ray is ``r``;
    hyperedges are first shrunk to generating sets of their intervals, kept when the ray survives."""
    for den in _DENOMINATORS:
        exact = [Fraction(float(w)).limit_denominator(den) for w in weights]
        if min(exact) < 0:
            continue
        for candidate in (_generating_sets(members, patterns), members):
            hypergraph = _simplified(n, candidate, exact)
            s = hypergraph.entropy_vector()
            if any(s) and primitive(s) == tuple(r):
                return _without_spare_bulk(hypergraph, r)
    return None


def _without_spare_bulk(hypergraph: Hypergraph, r) -> Hypergraph:
    """Delete bulk vertices one at a time (up to 12 of them) while the exact ray stays ``r``."""
    if len(hypergraph.bulk) > 12:
        return hypergraph
    for v in hypergraph.bulk:
        edges = [(tuple(u for u in members if u != v), w) for members, w in hypergraph.hyperedges]
        smaller = Hypergraph(hypergraph.n, [(m, w) for m, w in edges if len(m) >= 2],
                             vertices=[u for u in hypergraph.vertices if u != v])
        s = smaller.entropy_vector()
        if any(s) and primitive(s) == tuple(r):
            hypergraph = smaller
    names = {v: f"x{i}" for i, v in enumerate(hypergraph.bulk)}
    return Hypergraph(hypergraph.n, [(tuple(names.get(u, u) for u in m), w) for m, w in hypergraph.hyperedges],
                      vertices=[names.get(u, u) for u in hypergraph.vertices])


def _generating_sets(members: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Each hyperedge shrunk greedily, bulk vertices first, to a subset with the same meet and
    join of patterns (the coordinate cuts split it as before; other cuts may get cheaper, so the
    result must be checked)."""
    out = members.copy()
    for row in out:
        meet, join = patterns[row].all(axis=0), patterns[row].any(axis=0)
        for v in np.flatnonzero(row)[::-1]:  # bulk vertices (the higher indices) first
            row[v] = False
            if row.sum() < 2 or not (np.array_equal(patterns[row].all(axis=0), meet)
                                     and np.array_equal(patterns[row].any(axis=0), join)):
                row[v] = True
    return out


def _simplified(n: int, members: np.ndarray, weights) -> Hypergraph:
    """The same min cuts, fewer bulk vertices: drop zero weights; remove a bulk vertex from the
    only hyperedge it lies in, repeatedly (moving it to the side of the rest of that hyperedge
    never makes a cut dearer) and drop hyperedges left with fewer than two vertices; merge bulk
    vertices lying in the same hyperedges (moving one to the other's side never makes a cut
    dearer); name the remaining bulk vertices ``x0, x1, ...``."""
    keep = np.array([w != 0 for w in weights], dtype=bool)
    members, weights = members[keep].copy(), [w for w, k in zip(weights, keep) if k]
    while True:
        degree = members[:, n + 1:].sum(axis=0)
        lonely = np.flatnonzero(degree == 1) + n + 1
        if not len(lonely):
            break
        members[:, lonely] = False
        big = members.sum(axis=1) >= 2
        members, weights = members[big], [w for w, b in zip(weights, big) if b]
    bulk = members[:, n + 1:][:, members[:, n + 1:].any(axis=0)]
    bulk = np.unique(bulk, axis=1) if bulk.shape[1] else bulk
    return hypergraph_from_incidence(n, np.hstack([members[:, : n + 1], bulk]).astype(np.int8), weights)


def realise_many_by_hypergraphs(rays, space: EntropySpace | None = None, executor=None, **options) -> list:
    """:func:`realise_ray_by_hypergraph` for each ray, in input order."""
    return map_in_order(_realise_one, [(ray, space, options) for ray in rays], executor)


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
