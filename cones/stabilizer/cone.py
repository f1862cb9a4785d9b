"""Enumerating stabilizer entropy vectors into an inner bound of the stabilizer cone.

Graph states on ``m`` qubits (every stabilizer state is locally Clifford-equivalent to one,
which leaves entropies unchanged; Van den Nest, Dehaene, De Moor, quant-ph/0308151) with
every assignment of the qubits to the ``n+1`` parties (purifier included).  Reductions, all
lossless for the conic hull:

- only connected graphs: a disconnected graph state is a product, its vector the sum of its
  components' vectors;
- graphs up to isomorphism and, further, up to equal subset-entropy tables after a qubit
  permutation (locally equivalent graphs have equal tables): one graph per class;
- assignments up to relabelling the parties (restricted growth strings), since vectors are
  deduplicated up to ``S_{n+1}`` (canonical form: lexicographic minimum of the orbit).

Each distinct vector keeps the graph and assignment realising it; the certificate is a
:class:`~cones.stabilizer.StabilizerRealisation` recomputed by exact tableau ranks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from typing import Iterable, Sequence

import networkx as nx
import numpy as np
from tqdm.auto import tqdm

from polytopes.cone import Cone
from polytopes.group import PermutationGroup
from polytopes.lp import member, separating_inequality

from cones.core import inequality_families as families
from cones.core.bounds import EntropyCone
from cones.core.certificate_kinds import register_certificate_kind
from cones.core.catalogue import register_family
from cones.linear_rank.quantum_linear_rank import build_quantum_linear_rank
from cones.stabilizer.graph_states import (
    assignment_masks,
    pack_adjacency,
    subset_entropy_table,
    unpack_adjacency,
)
from cones.space import EntropySpace
from cones.stabilizer.states import StabilizerRealisation, gfp_ranks, graph_state, parties_from_assignment

MAX_ENUMERATED_QUBITS = 8
# Entropy-vector entries per vectorised chunk of the enumeration.
_CHUNK = 1 << 24


# -- graphs and assignments -------------------------------------------------------------
def _half_subsets(m: int) -> np.ndarray:
    """Qubit subsets of sizes 1..m//2 (bitmasks): with S(Y) = S(Y^c) they fix the table."""
    sizes = np.array([bin(y).count("1") for y in range(1 << m)])
    return np.flatnonzero((sizes >= 1) & (sizes <= m // 2))


@lru_cache(maxsize=None)
def _subset_group(m: int) -> PermutationGroup:
    """``S_m`` acting on the qubit subsets of :func:`_half_subsets` (columns of a table)."""
    subsets = _half_subsets(m)
    position = {int(y): i for i, y in enumerate(subsets)}

    def relabel(perm):
        bits = (subsets[:, None] >> np.arange(m)) & 1
        return [position[int(y)] for y in (bits << np.asarray(perm)).sum(axis=1)]

    gens = [relabel([1, 0] + list(range(2, m))), relabel(list(range(1, m)) + [0])] if m > 1 else []
    return PermutationGroup(gens, degree=len(subsets))


def _table_classes(rows: np.ndarray, canonical: bool) -> np.ndarray:
    """One graph per distinct subset-entropy table (``canonical``: up to qubit permutations)."""
    m = rows.shape[1]
    tables = subset_entropy_table(rows)[:, _half_subsets(m)].astype(np.int64)
    if canonical and m > 1:
        tables = _subset_group(m).canonical_rows(tables)
    _, first = np.unique(tables, axis=0, return_index=True)
    return rows[np.sort(first)]


@lru_cache(maxsize=None)
def graph_classes(m: int) -> np.ndarray:
    """Connected graphs on ``m`` qubits, one per class of equal subset-entropy tables,
    bit-packed uint64 ``(K, m)``.

    ``m <= 7``: the networkx atlas up to isomorphism, reduced up to qubit permutations; the
    class counts 1, 1, 1, 2, 4, 11, 26 equal the numbers of local-Clifford classes (Hein,
    Eisert, Briegel quant-ph/0307130), so these classes are exactly the LC classes.
    ``m = 8``: each class on 7 qubits plus a qubit joined to every non-empty subset (every
    connected graph is a connected graph plus a non-cut vertex, and local complementations
    of the smaller graph extend to the larger one), reduced to distinct labelled tables
    (complete, not minimal)."""
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 1 <= m <= MAX_ENUMERATED_QUBITS:
        raise ValueError(f"graph states are enumerated on 1..{MAX_ENUMERATED_QUBITS} qubits, got {m!r}")
    if m <= 7:
        graphs = [g for g in nx.graph_atlas_g() if g.number_of_nodes() == m and nx.is_connected(g)]
        rows = pack_adjacency(np.array([nx.to_numpy_array(g, nodelist=range(m), dtype=np.int64) for g in graphs]))
        out = _table_classes(rows, canonical=True)
    else:
        base = graph_classes(m - 1)
        neighbours = np.arange(1, 1 << (m - 1), dtype=np.uint64)
        rows = np.zeros((len(base), len(neighbours), m), dtype=np.uint64)
        rows[:, :, : m - 1] = base[:, None, :]
        for i in range(m - 1):
            rows[:, :, i] |= ((neighbours >> np.uint64(i)) & np.uint64(1)) << np.uint64(m - 1)
        rows[:, :, m - 1] = neighbours
        out = _table_classes(rows.reshape(-1, m), canonical=False)
    out.setflags(write=False)
    return out


def party_assignments(m: int, n: int) -> np.ndarray:
    """Assignments of ``m`` qubits to the ``n+1`` parties up to relabelling the parties:
    restricted growth strings (``a[0] = 0``, each value at most one more than the maximum
    before it) with values ``0..n``; int64 ``(A, m)``."""
    rows = np.zeros((1, 1), dtype=np.int64)
    for _ in range(m - 1):
        top = rows.max(axis=1)
        parts = [np.hstack([rows[top + 1 >= v], np.full((int((top + 1 >= v).sum()), 1), v)]) for v in range(n + 1)]
        rows = np.vstack(parts)
    return rows[np.lexsort(rows.T[::-1])]


def _relabelling(space: EntropySpace, party_perm: Sequence[int]) -> np.ndarray:
    """Coordinate permutation g with ``v[g]`` = the vector after moving each qudit of party
    ``i`` to party ``party_perm[i]``: ``(v[g])_P = v_{perm^{-1}(P)}``."""
    inverse = np.argsort(party_perm)
    out = []
    for mask in space.masks:
        pre = sum(1 << int(inverse[i]) for i in range(space.n + 1) if mask >> i & 1)
        out.append(space.coordinate(pre))
    return np.array(out)


@lru_cache(maxsize=None)
def _relabellings(n: int) -> tuple[np.ndarray, np.ndarray]:
    space = EntropySpace(n)
    perms = np.array(list(permutations(range(n + 1))))
    return perms, np.array([_relabelling(space, p) for p in perms])


# -- realised vectors -------------------------------------------------------------------
@dataclass
class RealisedVectors:
    """Distinct entropy vectors up to ``S_{n+1}`` (canonical forms, int64 rows) with, for
    each, a graph (bit-packed) and an assignment of its qubits realising it exactly."""

    space: EntropySpace
    vectors: np.ndarray
    graphs: list = field(repr=False)
    assignments: list = field(repr=False)
    extra: list = field(default_factory=list, repr=False)

    def __len__(self):
        return len(self.vectors)

    def certificate(self, i: int) -> StabilizerRealisation:
        """The state and parties realising ``vectors[i]`` exactly (recomputed from the tableau)."""
        if self.graphs[i] is None:
            return self.extra[self.assignments[i]]
        state = graph_state(unpack_adjacency(np.asarray(self.graphs[i], dtype=np.uint64)))
        return StabilizerRealisation(state, parties_from_assignment(self.assignments[i], self.space.n))


def _dedupe(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and the index of a first occurrence of each (rows compared as bytes)."""
    rows = np.ascontiguousarray(vectors)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).reshape(-1)
    _, first = np.unique(keys, return_index=True)
    first = np.sort(first)
    return vectors[first], first


def _matching_relabelling(n: int, vector: np.ndarray, target: np.ndarray) -> np.ndarray:
    """A party permutation carrying ``vector`` to ``target``."""
    perms, coords = _relabellings(n)
    hit = np.flatnonzero((vector[coords] == target).all(axis=1))
    return perms[hit[0]]


def graph_state_vectors(n: int, qubits: int | Iterable[int], *, progress: bool = True) -> RealisedVectors:
    """Entropy vectors of the connected graph states of :func:`graph_classes` on ``qubits``
    qubits (an int or several), each qubit given to one of the ``n+1`` parties, deduplicated
    up to ``S_{n+1}``."""
    space = EntropySpace(n)
    group = space.group
    counts = [qubits] if isinstance(qubits, (int, np.integer)) else list(qubits)
    found: dict[bytes, tuple] = {}
    for m in counts:
        graphs = graph_classes(m)
        assignments = party_assignments(m, n)
        masks = assignment_masks(assignments, n)
        step = max(1, _CHUNK // (len(assignments) * space.dim))
        bar = tqdm(total=len(graphs), desc=f"graph states on {m} qubits, n={n}", disable=not progress, leave=False)
        for start in range(0, len(graphs), step):
            block = graphs[start : start + step]
            vectors = subset_entropy_table(block)[:, masks].reshape(-1, space.dim)
            distinct, first = _dedupe(vectors)
            canonical = group.canonical_rows(distinct)
            for row, raw, index in zip(canonical, distinct, first):
                key = row.tobytes()
                if key not in found:
                    g, a = divmod(int(index), len(assignments))
                    perm = _matching_relabelling(n, raw.astype(np.int64), row)
                    found[key] = (row, tuple(int(x) for x in block[g]), tuple(int(x) for x in perm[assignments[a]]))
            bar.update(len(block))
        bar.close()
    rows = sorted(found.values(), key=lambda t: t[0].tolist())
    vectors = np.array([r[0] for r in rows], dtype=np.int64).reshape(len(rows), space.dim)
    return RealisedVectors(space, vectors, [r[1] for r in rows], [r[2] for r in rows])


def add_realisations(found: RealisedVectors, realisations: Iterable[StabilizerRealisation]) -> RealisedVectors:
    """``found`` together with the vectors of further states (e.g. qudit perfect tensors)."""
    space, group = found.space, found.space.group
    vectors, graphs, assignments, extra = list(found.vectors), list(found.graphs), list(found.assignments), list(found.extra)
    known = {v.tobytes() for v in found.vectors}
    for r in realisations:
        if r.n != space.n:
            raise ValueError(f"a realisation with {r.n} parties does not fit n={space.n}")
        raw = r.entropy_vector()
        canonical = group.canonical(raw)
        if canonical.tobytes() in known:
            continue
        perm = _matching_relabelling(space.n, raw, canonical)
        moved = StabilizerRealisation(r.state, parties_from_assignment([int(perm[a]) for a in r.assignment], space.n))
        known.add(canonical.tobytes())
        vectors.append(canonical)
        graphs.append(None)
        assignments.append(len(extra))
        extra.append(moved)
    return RealisedVectors(space, np.array(vectors, dtype=np.int64).reshape(-1, space.dim), graphs, assignments, extra)


# -- the inner bound --------------------------------------------------------------------
@dataclass(frozen=True)
class StabilizerInnerBound:
    """Conic hull of realised stabilizer entropy vectors: ``cone`` (all extreme rays), one
    extreme ray per ``S_{n+1}`` orbit in ``representatives`` and, for each, the state
    realising a positive multiple of it in ``certificates``."""

    space: EntropySpace
    cone: Cone
    representatives: np.ndarray
    certificates: tuple[StabilizerRealisation, ...]
    found: RealisedVectors = field(repr=False)

    def check(self) -> bool:
        """Recompute every certificate exactly and check that it realises its ray."""
        return all(c.verify(r) for c, r in zip(self.certificates, self.representatives))


def _primitive_rows(rows: np.ndarray) -> np.ndarray:
    g = np.gcd.reduce(rows, axis=1)
    g[g == 0] = 1
    return rows // g[:, None]


def _sums_of_two(directions: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which directions ``d`` are ``x + c y`` for points ``x, y`` (c > 0) not along ``d``:
    an exact, cheap proof that ``d`` is not extreme."""
    keys = {p.tobytes() for p in points}
    out = np.zeros(len(directions), dtype=bool)
    for i, d in enumerate(directions):
        rest = d[None, :] - points
        rest = rest[rest.any(axis=1) & (rest >= 0).all(axis=1)]
        out[i] = any(r.tobytes() in keys for r in _primitive_rows(rest))
    return out


def extreme_directions(group: PermutationGroup, directions: np.ndarray, *, progress: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The directions whose orbits are the extreme rays of the cone generated by the orbits
    of all ``directions`` (canonical primitive rows of non-negative vectors), and for each an
    exact inequality valid on every other ray and violated by it (for
    :meth:`polytopes.Cone.from_extreme_rays`).

    A direction that is a sum of two others (up to scaling) is dropped; the rest are visited
    smallest first, and one already in the cone of the orbits kept so far (exact multipliers
    from :func:`polytopes.lp.member`) is dropped too; a last pass separates each kept one from
    all the other kept rays (:func:`polytopes.lp.separating_inequality`), dropping those that
    later ones made redundant."""
    candidates = directions[~_sums_of_two(directions, group.orbit_rows(directions))]
    order = np.lexsort(np.vstack([candidates.T[::-1], candidates.sum(axis=1)]))
    kept: list[int] = []
    for i in tqdm(order, desc="extreme rays (LP)", disable=not progress, leave=False):
        if kept and member(group.orbit_rows(candidates[kept]), candidates[i]) is not None:
            continue
        kept.append(int(i))
    witnesses = {}
    orbit_points = group.orbit_rows(candidates[kept])
    for i in list(kept):
        points = orbit_points[np.any(orbit_points != candidates[i], axis=1)]
        separator = separating_inequality(points, candidates[i]) if len(points) else -candidates[i]
        if separator is None:
            kept.remove(i)
            orbit_points = group.orbit_rows(candidates[kept])
        else:
            witnesses[i] = separator
    kept.sort(key=lambda j: candidates[j].tolist())
    return candidates[kept], np.array([witnesses[j] for j in kept], dtype=np.int64).reshape(len(kept), -1)


def stabilizer_inner_bound(n: int, qubits: int | Iterable[int] | None = None, *,
                           extra_states: Iterable[StabilizerRealisation] = (),
                           progress: bool = True) -> StabilizerInnerBound:
    """Inner bound of the ``n``-party stabilizer cone from connected graph states on
    ``qubits`` qubits (default: 1..8) with all assignments to the ``n+1``
    parties, plus ``extra_states``; extreme rays up to ``S_{n+1}`` with certificates."""
    space = EntropySpace(n)
    if qubits is None:
        qubits = range(1, MAX_ENUMERATED_QUBITS + 1)
    found = add_realisations(graph_state_vectors(n, qubits, progress=progress), extra_states)
    nonzero = np.flatnonzero(found.vectors.any(axis=1))
    directions = _primitive_rows(found.vectors[nonzero])
    directions, first = _dedupe(directions)
    representatives, witnesses = extreme_directions(space.group, directions, progress=progress)
    cone = Cone.from_extreme_rays(representatives, witnesses, dim=space.dim, group=space.group)
    lookup = {d.tobytes(): int(nonzero[f]) for d, f in zip(directions, first)}
    certificates = tuple(found.certificate(lookup[r.tobytes()]) for r in representatives)
    return StabilizerInnerBound(space, cone, representatives.reshape(-1, space.dim), certificates, found)


def stabilizer_outer_bound(n: int, *, quantum_linear_rank: EntropyCone | None = None) -> Cone:
    """Proved outer bound.  Up to ``n = 4``: SSA and the Ingleton instances on the ``n+1``
    purified parties (four disjoint groups of parties hold a four-party stabilizer state, which
    satisfies Ingleton: Linden, Matus, Ruskai, Winter arXiv:1302.5453).  From ``n = 5``: the
    quantum linear-rank cone ``quantum_linear_rank`` (:mod:`cones.linear_rank.quantum_linear_rank`;
    built here if not given, the catalogue hands over the stored one),
    the balanced facets of the settled ``LR_n`` on the purified parties with SSA and WM
    (stabilizer entropies are linear ranks in the sense of Gross-Walter arXiv:1302.6990)."""
    space = EntropySpace(n)
    if n >= 5:
        return (quantum_linear_rank or build_quantum_linear_rank(n)).outer
    inequalities = list(families.ssa(space, elemental=True))
    if n >= 3:
        inequalities += list(families.purified_ingleton(space))
    return Cone.from_h(families.rows_of(inequalities, space.dim), dim=space.dim, group=space.group)


def build_stabilizer_cone(n: int, *, qubits: int | Iterable[int] | None = None,
                          extra_states: Iterable[StabilizerRealisation] = (),
                          quantum_linear_rank: EntropyCone | None = None, progress: bool = True) -> EntropyCone:
    """The stabilizer cone as a sandwich: :func:`stabilizer_outer_bound` and the inner
    bound of :func:`stabilizer_inner_bound`, rays certified by their states, and each outer
    facet orbit that realised vectors show to be a facet of the stabilizer cone certified by
    its :class:`FacetWitness`.  From ``n = 5`` the outer bound's extreme rays are not
    enumerated (10,860 facets at ``n = 5``), so the bounds are not compared (``undecided``)."""
    space = EntropySpace(n)
    start = time.perf_counter()
    outer = stabilizer_outer_bound(n, quantum_linear_rank=quantum_linear_rank)
    timings = {"outer": time.perf_counter() - start}
    start = time.perf_counter()
    inner = stabilizer_inner_bound(n, qubits, extra_states=extra_states, progress=progress)
    timings["inner"] = time.perf_counter() - start
    start = time.perf_counter()
    facet_orbits = space.group.orbits(outer.inequalities)
    witnesses = facet_witnesses(inner.found, [o.representative for o in facet_orbits], progress=progress)
    timings["facet witnesses"] = time.perf_counter() - start
    certificates = {tuple(int(x) for x in r): c for r, c in zip(inner.representatives, inner.certificates)}
    return EntropyCone("stabilizer", space, outer=outer, inner=inner.cone, ray_certificates=certificates,
                       facet_certificates=witnesses, timings=timings, undecided=n >= 5,
                       notes=f"{len(inner.found)} distinct stabilizer entropy vectors up to S_{n + 1}; "
                             f"{len(witnesses)} of the {len(facet_orbits)} outer facet orbits witnessed as facets of the stabilizer cone")


# -- facet witnesses --------------------------------------------------------------------
_BIG_PRIME = 2_147_483_647  # rank modulo p is a lower bound on the rank over Q


@register_certificate_kind("stabilizer-facet-witness")
@dataclass(frozen=True, eq=False)
class FacetWitness:
    """Realised entropy vectors tight on ``inequality`` (``a.S >= 0``) spanning its
    hyperplane: ``dim - 1`` linearly independent ``vectors``, each realised exactly by the
    matching entry of ``realisations``."""

    inequality: np.ndarray
    vectors: np.ndarray
    realisations: tuple[StabilizerRealisation, ...]

    def verify(self, *row) -> bool:
        """Exact re-check: each state gives its vector, every vector is tight, and the rank
        is ``dim - 1`` (its rank modulo a prime, a lower bound, already reaches it); with a
        ``row``, also that it is the inequality witnessed."""
        d = len(self.inequality)
        return (
            all(np.array_equal(self.inequality, r) for r in row)
            and all(np.array_equal(r.entropy_vector(), v) for r, v in zip(self.realisations, self.vectors))
            and not np.any(self.vectors @ self.inequality)
            and int(gfp_ranks(self.vectors, _BIG_PRIME)) == d - 1
        )

    def to_json(self) -> dict:
        return {"inequality": self.inequality.tolist(), "vectors": self.vectors.tolist(),
                "realisations": [r.to_json() for r in self.realisations]}

    @classmethod
    def from_json(cls, data: dict) -> "FacetWitness":
        return cls(np.array(data["inequality"], dtype=np.int64), np.array(data["vectors"], dtype=np.int64),
                   tuple(StabilizerRealisation.from_json(r) for r in data["realisations"]))


def _independent_rows(rows: np.ndarray, wanted: int) -> list[int]:
    """Greedy indices of up to ``wanted`` rows independent modulo a large prime (hence over
    Q), by one vectorised elimination step per chosen row."""
    p = _BIG_PRIME
    reduced = np.mod(rows.astype(np.int64), p)
    chosen: list[int] = []
    while len(chosen) < wanted:
        alive = np.flatnonzero(reduced.any(axis=1))
        if not len(alive):
            break
        i = int(alive[0])
        column = int(np.flatnonzero(reduced[i])[0])
        pivot = reduced[i] * pow(int(reduced[i, column]), -1, p) % p
        reduced = (reduced - reduced[:, column][:, None] * pivot[None, :] % p) % p
        chosen.append(i)
    return chosen


def facet_witness(found: RealisedVectors, inequality) -> FacetWitness | None:
    """Realised vectors (orbits of ``found.vectors``) tight on ``inequality`` that span a
    hyperplane, or None if the tight ones span less.  ValueError if a realised vector
    violates the inequality (it is then not valid on the stabilizer cone)."""
    space, group = found.space, found.space.group
    a = np.asarray(inequality, dtype=np.int64)
    if a.shape != (space.dim,):
        raise ValueError(f"inequality must have {space.dim} coefficients, got shape {a.shape}")
    points = found.vectors[:, group.elements]  # (R, order, D)
    values = points @ a
    if np.any(values < 0):
        r, g = np.argwhere(values < 0)[0]
        raise ValueError(f"realised vector {points[r, g].tolist()} violates the inequality")
    tight = np.argwhere(values == 0)
    if not len(tight):
        return None
    candidates, first = _dedupe(points[tight[:, 0], tight[:, 1]])
    sources = tight[first, 0]
    basis = _independent_rows(candidates, space.dim - 1)
    if len(basis) < space.dim - 1:
        return None
    realisations = []
    for i in basis:
        source = found.certificate(int(sources[i]))
        perm = _matching_relabelling(space.n, source.entropy_vector(), candidates[i])
        realisations.append(StabilizerRealisation(
            source.state, parties_from_assignment([int(perm[x]) for x in source.assignment], space.n)))
    return FacetWitness(a, candidates[basis], tuple(realisations))


def facet_witnesses(found: RealisedVectors, representatives, *, progress: bool = False) -> dict[tuple[int, ...], FacetWitness]:
    """:func:`facet_witness` for each of the inequality orbit ``representatives`` that has one
    (keyed by the representative)."""
    out = {}
    for a in tqdm(representatives, desc="facet witnesses", disable=not progress, leave=False):
        witness = facet_witness(found, a)
        if witness is not None:
            out[tuple(int(v) for v in a)] = witness
    return out


register_family("stabilizer", build_stabilizer_cone,
                "Stab_n: stabilizer-state entropies; inner bound from enumerated graph states, "
                "outer bound SSA + purified Ingleton (settled for n <= 4)",
                run_options=("progress",), requires=lambda n: {"quantum_linear_rank": "quantum-linear-rank"} if n >= 5 else {})
