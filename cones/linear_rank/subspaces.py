"""Subspace arrangements over GF(q) and their rank vectors (linear polymatroids).

An arrangement is ``n`` subspaces ``V_0..V_{n-1}`` of ``GF(q)^d``, each the row space of a
generator matrix.  Its rank vector is ``h(A) = dim(sum_{i in A} V_i)`` for every non-empty
subset ``A`` of the parties, in the coordinate order of ``EntropySpace(n, pure=False)``.
Rank vectors are exactly the integer points of the linear-rank cone's generators
(Hammer-Romashchenko-Shen-Vereshchagin 2000); a representable matroid is the special case of
one-dimensional subspaces.

Field arithmetic comes from ``galois``; the batched routines (many arrangements at once) run
Gaussian elimination on numpy integer arrays through the field's addition and multiplication
tables, so prime powers work the same way as primes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, combinations_with_replacement, product
from typing import Iterator, Sequence

import galois
import numpy as np

from polytopes import primitive

from cones.core.certificate_kinds import register_certificate_kind
from cones.space import LABELS, EntropySpace

#: Work per block of a batched elimination: arrangements x rows x columns <= this many entries.
_BLOCK = 1 << 21


# -- fields ------------------------------------------------------------------------------
def _check_order(q) -> int:
    if isinstance(q, bool) or not isinstance(q, (int, np.integer)):
        raise TypeError(f"field size must be an integer, got {q!r}")
    q = int(q)
    if q < 2 or not galois.is_prime_power(q):
        raise ValueError(f"field size must be a prime or a prime power, got {q}")
    return q


@lru_cache(maxsize=None)
def field(q: int) -> type[galois.FieldArray]:
    """The Galois field GF(q) (a ``galois.FieldArray`` subclass); ValueError unless q = p^k."""
    return galois.GF(_check_order(q))


@dataclass(frozen=True)
class _Tables:
    """Addition, subtraction, multiplication and inverse tables of GF(q) on ``0..q-1``."""

    add: np.ndarray
    sub: np.ndarray
    mul: np.ndarray
    inv: np.ndarray


@lru_cache(maxsize=None)
def _tables(q: int) -> _Tables:
    F = field(q)
    x = F.elements
    add = np.asarray(x[:, None] + x[None, :], dtype=np.int16)
    sub = np.asarray(x[:, None] - x[None, :], dtype=np.int16)
    mul = np.asarray(x[:, None] * x[None, :], dtype=np.int16)
    inv = np.zeros(q, dtype=np.int16)
    inv[1:] = np.asarray(np.reciprocal(x[1:]))
    return _Tables(add, sub, mul, inv)


def batch_rank(q: int, matrices) -> np.ndarray:
    """Ranks over GF(q) of a stack of matrices, shape ``(..., rows, cols)`` -> ``(...)``.

    Entries are the integer representations ``0..q-1`` of field elements (as in ``galois``).
    Vectorised Gaussian elimination: one numpy pass per column over the whole stack.
    """
    t = _tables(_check_order(q))
    m = np.asarray(matrices)
    if m.ndim < 2:
        raise ValueError(f"matrices must have at least 2 dimensions, got shape {m.shape}")
    lead, (r, c) = m.shape[:-2], m.shape[-2:]
    flat = m.reshape(int(np.prod(lead, dtype=np.int64)), r, c).astype(np.int16)
    if flat.size and (flat.min() < 0 or flat.max() >= q):
        raise ValueError(f"matrix entries must lie in 0..{q - 1} (elements of GF({q}))")
    out = np.empty(len(flat), dtype=np.int64)
    step = max(1, _BLOCK // max(1, r * c))
    for s in range(0, len(flat), step):
        out[s : s + step] = _eliminate(t, flat[s : s + step].copy())
    return out.reshape(lead)


def _eliminate(t: _Tables, m: np.ndarray) -> np.ndarray:
    """Rank of each matrix of ``m`` (shape (B, r, c), modified in place)."""
    b_count, r, c = m.shape
    rank = np.zeros(b_count, dtype=np.int64)
    rows = np.arange(r)
    for j in range(c):
        cand = (m[:, :, j] != 0) & (rows[None, :] >= rank[:, None])
        has = cand.any(axis=1)
        if not has.any():
            continue
        b = np.flatnonzero(has)
        p, top = cand[b].argmax(axis=1), rank[b]
        pivot_row = m[b, p].copy()
        m[b, p] = m[b, top]
        pivot_row = t.mul[t.inv[pivot_row[:, j]][:, None], pivot_row]
        m[b, top] = pivot_row
        block = m[b]
        factor = np.where(rows[None, :] > top[:, None], block[:, :, j], 0)
        m[b] = t.sub[block, t.mul[factor[:, :, None], pivot_row[:, None, :]]]
        rank[b] += 1
    return rank


# -- one arrangement ---------------------------------------------------------------------
class SubspaceArrangement:
    """Subspaces ``V_i`` of ``GF(q)^d`` given by generator matrices (rows span ``V_i``).

    ``generators[i]`` is a matrix with ``d`` columns and entries in ``0..q-1`` (a zero-row
    matrix is the zero subspace; pass ``dimension=d`` if every matrix is empty).
    """

    def __init__(self, q: int, generators: Sequence, *, dimension: int | None = None):
        q = _check_order(q)
        F = field(q)
        mats = []
        for i, g in enumerate(generators):
            arr = np.asarray(g, dtype=object) if not isinstance(g, np.ndarray) else g
            if arr.size == 0 and arr.ndim < 2:
                arr = np.zeros((0, dimension if dimension is not None else 0), dtype=np.int64)
            if arr.ndim != 2:
                raise ValueError(f"subspace {i} ({_label(i)}): generator matrix must be 2-D, got shape {arr.shape}")
            mats.append((i, arr))
        if not mats:
            raise ValueError("an arrangement needs at least one subspace")
        d = dimension if dimension is not None else mats[0][1].shape[1]
        self.q, self.dimension, self.n = q, int(d), len(mats)
        out = []
        for i, a in mats:
            if a.shape[0] == 0:
                a = np.zeros((0, d), dtype=np.int64)
            if a.shape[1] != d:
                raise ValueError(
                    f"subspace {i} ({_label(i)}): generator matrix has {a.shape[1]} columns, expected {d}"
                )
            vals = a.tolist()
            for row in vals:
                for v in row:
                    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < q:
                        raise ValueError(f"subspace {i} ({_label(i)}): entry {v!r} is not an element of GF({q}) (0..{q - 1})")
            out.append(F(np.array(vals, dtype=np.int64).reshape(a.shape[0], d)))
        self.generators = tuple(out)

    def __repr__(self):
        return f"SubspaceArrangement(q={self.q}, dimension={self.dimension}, dims={self.subspace_dimensions})"

    @property
    def space(self) -> EntropySpace:
        return EntropySpace(self.n, pure=False)

    @property
    def subspace_dimensions(self) -> tuple[int, ...]:
        return tuple(int(np.linalg.matrix_rank(g)) if g.shape[0] else 0 for g in self.generators)

    def rank(self, mask: int) -> int:
        """``dim(sum_{i in mask} V_i)`` for a subset bitmask of the parties (exact, over GF(q))."""
        rows = [self.generators[i] for i in range(self.n) if mask >> i & 1]
        stacked = np.concatenate(rows, axis=0) if rows else self.generators[0][:0]
        return int(np.linalg.matrix_rank(stacked)) if stacked.shape[0] else 0

    def rank_vector(self) -> np.ndarray:
        """Rank vector ``h`` in ``EntropySpace(n, pure=False)`` coordinate order (int64)."""
        return np.array([self.rank(int(m)) for m in self.space.masks], dtype=np.int64)

    def dual(self, sizes: Sequence[int]) -> "SubspaceArrangement":
        """The dual arrangement: write ``V_i`` as ``sizes[i]`` columns (a basis padded with zero
        columns) of one matrix ``M``; the dual subspaces are spanned by the same column groups
        of a basis of the kernel of ``M``.  Its rank vector is
        ``sum_{i in S} sizes[i] + h(N minus S) - h(N)`` (the dual of the column matroid,
        ``r*(X) = |X| + r(E minus X) - r(E)``), over the same field."""
        F = field(self.q)
        columns = []
        for i, g in enumerate(self.generators):
            basis = g.row_reduce()[: np.linalg.matrix_rank(g)] if len(g) else g
            if len(basis) > int(sizes[i]):
                raise ValueError(f"subspace {i} ({_label(i)}) has dimension {len(basis)} > size {sizes[i]}")
            columns.append(np.vstack([np.asarray(basis, dtype=np.int64),
                                      np.zeros((int(sizes[i]) - len(basis), self.dimension), dtype=np.int64)]))
        M = F(np.vstack(columns).T)
        kernel = np.asarray(M.null_space(), dtype=np.int64).reshape(-1, M.shape[1])
        bounds = np.cumsum([0, *map(int, sizes)])
        return SubspaceArrangement(self.q, [kernel[:, a:b].T for a, b in zip(bounds[:-1], bounds[1:])],
                                   dimension=len(kernel))

    def permuted(self, party_permutation: Sequence[int]) -> "SubspaceArrangement":
        """The arrangement with ``V'_{p[i]} = V_i``: its rank of ``p(S)`` is the old rank of ``S``."""
        p = [int(v) for v in party_permutation]
        if sorted(p) != list(range(self.n)):
            raise ValueError(f"{p} is not a permutation of the {self.n} subspaces")
        gens = [None] * self.n
        for i, target in enumerate(p):
            gens[target] = np.asarray(self.generators[i])
        return SubspaceArrangement(self.q, gens, dimension=self.dimension)

    def to_json(self) -> dict:
        """Plain data: ``{"q", "dimension", "generators"}`` with integer lists."""
        return {"q": self.q, "dimension": self.dimension, "generators": [np.asarray(g).tolist() for g in self.generators]}

    @classmethod
    def from_json(cls, data: dict) -> "SubspaceArrangement":
        return cls(int(data["q"]), [np.array(g, dtype=np.int64).reshape(-1, int(data["dimension"])) for g in data["generators"]],
                   dimension=int(data["dimension"]))


@register_certificate_kind("subspace-arrangement")
@dataclass(frozen=True)
class ArrangementRealisation:
    """Certificate that the primitive integer ``ray`` is a linear rank vector: the rank vector
    of ``arrangement`` is a positive multiple of it."""

    ray: tuple[int, ...]
    arrangement: SubspaceArrangement

    @property
    def multiple(self) -> int:
        """``m`` with rank vector ``= m * ray`` (recomputed; 0 if not a positive multiple)."""
        h = self.arrangement.rank_vector()
        r = np.asarray(self.ray, dtype=np.int64)
        k = int(np.flatnonzero(r)[0]) if r.any() else -1
        if k < 0 or r[k] <= 0 or h[k] % r[k]:
            return 0
        m = int(h[k] // r[k])
        return m if m > 0 and np.array_equal(h, m * r) else 0

    def verify(self, row=None) -> bool:
        """Exact recomputation of the rank vector (and, with ``row``, that it is this ray)."""
        if row is not None and tuple(primitive(list(row))) != tuple(self.ray):
            return False
        return self.multiple > 0

    def permuted(self, party_permutation: Sequence[int]) -> "ArrangementRealisation":
        """The realisation of the ray with parties renamed ``i -> p[i]``."""
        arrangement = self.arrangement.permuted(party_permutation)
        return ArrangementRealisation(tuple(primitive(arrangement.rank_vector().tolist())), arrangement)

    def to_json(self) -> dict:
        return {"ray": list(self.ray), "arrangement": self.arrangement.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> "ArrangementRealisation":
        return cls(tuple(int(v) for v in data["ray"]), SubspaceArrangement.from_json(data["arrangement"]))


def _label(i: int) -> str:
    return LABELS[i] if i < len(LABELS) else str(i)


# -- batches of arrangements -------------------------------------------------------------
def rank_vectors(q: int, arrangements) -> np.ndarray:
    """Rank vectors of a batch of arrangements, shape ``(B, n, k, d)`` -> ``(B, 2**n - 1)``.

    Arrangement ``b`` has subspace ``V_i`` spanned by the ``k`` rows ``arrangements[b, i]``
    (zero rows allowed).  Coordinates follow ``EntropySpace(n, pure=False)``.
    """
    arr = np.asarray(arrangements)
    if arr.ndim != 4:
        raise ValueError(f"arrangements must have shape (B, n, k, d), got {arr.shape}")
    b_count, n, k, d = arr.shape
    masks = EntropySpace(n, pure=False).masks
    out = np.empty((b_count, len(masks)), dtype=np.int64)
    for c, mask in enumerate(masks):
        parts = [i for i in range(n) if mask >> i & 1]
        out[:, c] = batch_rank(q, arr[:, parts].reshape(b_count, len(parts) * k, d))
    return out


def all_subspaces(q: int, d: int, dims: int | Sequence[int] | None = None) -> np.ndarray:
    """Every subspace of ``GF(q)^d`` (of the given dimension(s)) as a reduced row echelon
    basis padded with zero rows: int array ``(count, kmax, d)``, ``kmax = max dims``.

    The count of dimension k is the Gaussian binomial ``[d choose k]_q``.
    """
    q = _check_order(q)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 0:
        raise ValueError(f"ambient dimension must be a non-negative integer, got {d!r}")
    ks = range(d + 1) if dims is None else ([dims] if isinstance(dims, (int, np.integer)) else list(dims))
    for k in ks:
        if not 0 <= k <= d:
            raise ValueError(f"subspace dimension {k} is outside 0..{d}")
    kmax = max(ks, default=0)
    found = []
    for k in ks:
        for pivots in combinations(range(d), k):
            free = [(r, c) for r in range(k) for c in range(pivots[r] + 1, d) if c not in pivots]
            for values in product(range(q), repeat=len(free)):
                m = np.zeros((kmax, d), dtype=np.int16)
                for r, p in enumerate(pivots):
                    m[r, p] = 1
                for (r, c), v in zip(free, values):
                    m[r, c] = v
                found.append(m)
    return np.array(found, dtype=np.int16).reshape(len(found), kmax, d)


def exhaustive_arrangements(q: int, d: int, n: int, dims: int | Sequence[int] | None = None,
                            *, batch: int = 1 << 14) -> Iterator[np.ndarray]:
    """Every arrangement of ``n`` subspaces of ``GF(q)^d`` up to reordering the parties
    (multisets of subspaces), in batches of shape ``(B, n, kmax, d)`` for ``rank_vectors``."""
    subs = all_subspaces(q, d, dims)
    chunk = []
    for combo in combinations_with_replacement(range(len(subs)), n):
        chunk.append(combo)
        if len(chunk) == batch:
            yield subs[np.array(chunk)]
            chunk = []
    if chunk:
        yield subs[np.array(chunk)]


def random_arrangements(q: int, d: int, n: int, count: int, dims: int | Sequence[int] = 1,
                        *, rng=None) -> np.ndarray:
    """``count`` random arrangements: subspace ``i`` spanned by ``dims[i]`` uniformly random
    vectors of ``GF(q)^d`` (so of dimension at most ``dims[i]``).  Shape ``(count, n, k, d)``."""
    q = _check_order(q)
    rng = np.random.default_rng(rng)
    ks = [dims] * n if isinstance(dims, (int, np.integer)) else list(dims)
    if len(ks) != n:
        raise ValueError(f"dims has {len(ks)} entries for {n} subspaces")
    kmax = max(ks)
    arr = rng.integers(0, q, size=(count, n, kmax, d), dtype=np.int16)
    for i, k in enumerate(ks):
        arr[:, i, k:] = 0
    return arr


# -- realising a target rank vector ------------------------------------------------------
@dataclass(frozen=True)
class ArrangementSearch:
    """The outcome of :func:`search_arrangement`: the ``arrangement`` found (or None) and every
    space looked at, ``tried[k] = (q, multiple, dimension, outcome)`` with outcome
    ``"found"``, ``"none exists"`` (the search was exhaustive), ``"node budget exhausted"``,
    ``"dimension above max_dimension"``, ``"q**dimension above max_vectors"`` or ``"more
    than max_subspaces candidate subspaces"``, prefixed ``"dual, "`` for the search of the
    dual rank vector (:func:`dual_rank_vector`)."""

    target: tuple[int, ...]
    arrangement: "SubspaceArrangement | None"
    tried: tuple[tuple[int, int, int, str], ...]

    @property
    def found(self) -> bool:
        return self.arrangement is not None

    def __str__(self) -> str:
        if self.arrangement is not None:
            return f"{list(self.target)}: realised by {self.arrangement!r}"
        spaces = "; ".join(f"GF({q})^{d} (multiple {m}): {outcome}" for q, m, d, outcome in self.tried)
        return f"{list(self.target)}: no arrangement found ({spaces or 'no space tried'})"


def dual_rank_vector(target) -> np.ndarray:
    """``h*(S) = sum_{i in S} h(i) + h(N minus S) - h(N)``: the rank vector of the dual of an
    arrangement realising ``h`` (:meth:`SubspaceArrangement.dual` with ``sizes[i] = h(i)``), and
    conversely an arrangement realising ``h*`` dualises to one realising ``h``.  It lives in
    dimension ``sum_i h(i) - h(N)``, often smaller than ``h(N)``."""
    h = np.asarray(target, dtype=np.int64)
    space = EntropySpace.of_vector(h, "rank vector", pure=False)
    full = (1 << space.n) - 1
    value = {int(m): int(v) for m, v in zip(space.masks, h)}
    value[0] = 0
    single = [value[1 << i] for i in range(space.n)]
    return np.array([sum(single[i] for i in range(space.n) if m >> i & 1) + value[full & ~int(m)] - value[full]
                     for m in space.masks], dtype=np.int64)


def search_arrangement(target, *, fields: Sequence[int] = (2, 3), multiples: Sequence[int] = (1, 2),
                       max_dimension: int = 6, max_nodes: int = 200_000,
                       max_vectors: int = 1024, max_subspaces: int | None = None) -> ArrangementSearch:
    """Look for an arrangement whose rank vector is ``m * target`` for some ``m`` in
    ``multiples``, over one of ``fields``; the report lists every (field, multiple, dimension)
    tried and how it ended (a ray that is not realised is reported with the spaces searched).

    Depth-first search in ``GF(q)^D`` with ``D = m * target(full set) <= max_dimension`` and
    ``q**D <= max_vectors``: the subspaces are chosen one by one among all subspaces of the
    required dimension, keeping the candidates whose ranks with the chosen ones match the
    target (see ``_search``).  At most ``max_nodes`` search nodes per (field, multiple); a
    space where some subspace has more than ``max_subspaces`` candidates (the Gaussian
    binomial :func:`gaussian_binomial`, all scanned at every node), or more than
    ``max_vectors`` vectors, is searched vector by vector over GF(2)
    (``_search_binary_vectors``) and skipped over other fields.  When the dual
    rank vector (:func:`dual_rank_vector`) lives in a smaller space it is searched too, and an
    arrangement found for it is dualised (:meth:`SubspaceArrangement.dual`).
    """
    target = np.asarray(target, dtype=np.int64)
    dim = len(target)
    n = dim.bit_length()
    if dim != (1 << n) - 1:
        raise ValueError(f"a rank vector has 2**n - 1 coordinates, got {dim}")
    if target.min() < 0:
        raise ValueError("a rank vector has non-negative entries")
    space = EntropySpace(n, pure=False)
    tried = []
    for m in multiples:
        primal = m * target
        dual = dual_rank_vector(primal)
        # the dual first when it lives in a smaller space; not at all when it does not
        for vector, dualised in [(dual, True), (primal, False)][0 if dual[-1] < primal[-1] else 1:]:
            h = {int(mask): int(v) for mask, v in zip(space.masks, vector)}
            h[0] = 0
            d = h[(1 << n) - 1]
            for q in fields:
                outcome = _search_space(q, d, n, h, max_dimension, max_vectors, max_subspaces, max_nodes)
                label = f"{'dual, ' if dualised else ''}{outcome if isinstance(outcome, str) else 'found'}"
                tried.append((int(q), int(m), d, label))
                if not isinstance(outcome, str):
                    found = SubspaceArrangement(q, outcome, dimension=d)
                    if dualised:
                        found = found.dual([int(v) for v in primal[[space.index[1 << i] for i in range(n)]]])
                    return ArrangementSearch(tuple(map(int, target)), found, tuple(tried))
    return ArrangementSearch(tuple(map(int, target)), None, tuple(tried))


def _search_space(q: int, d: int, n: int, h: dict[int, int], max_dimension: int, max_vectors: int,
                  max_subspaces: int | None, max_nodes: int):
    """The generator matrices found in ``GF(q)^d``, or why none was (a string): among listed
    subspaces where the space is small enough, else (over GF(2)) vector by vector."""
    if d > max_dimension:
        return "dimension above max_dimension"
    if _check_order(q) ** d > max_vectors:
        reason = "q**dimension above max_vectors"
    elif max_subspaces is not None and max(gaussian_binomial(q, d, h[1 << i]) for i in range(n)) > max_subspaces:
        reason = "more than max_subspaces candidate subspaces"
    else:
        reason = None
    if reason is None:
        found, complete = _search(q, d, n, h, max_nodes)
    elif q == 2:
        found, complete = _search_binary_vectors(d, n, h, max_nodes)
    else:
        return reason
    if found is not None:
        return found
    return "none exists" if complete else "node budget exhausted"


def gaussian_binomial(q: int, d: int, k: int) -> int:
    """The number ``[d, k]_q`` of ``k``-dimensional subspaces of ``GF(q)^d``."""
    out = 1
    for i in range(k):
        out = out * (q ** (d - i) - 1) // (q ** (i + 1) - 1)
    return out


def find_arrangement(target, **options) -> SubspaceArrangement | None:
    """The arrangement of :func:`search_arrangement` (same options), or None."""
    return search_arrangement(target, **options).arrangement


def _indicators(q: int, d: int, bases: np.ndarray) -> np.ndarray:
    """Element sets of the row spaces of ``bases`` (shape (B, k, d)) as indicator rows over
    the ``q**d`` vectors of ``GF(q)^d`` (vector ``v`` has index ``sum v_j q**j``)."""
    t = _tables(q)
    b_count, k, _ = bases.shape
    span = np.zeros((b_count, 1, d), dtype=np.int16)
    for r in range(k):
        row = bases[:, r, :]                                        # (B, d)
        scaled = t.mul[np.arange(q)[None, :, None], row[:, None, :]]  # (B, q, d)
        span = t.add[span[:, :, None, :], scaled[:, None, :, :]].reshape(b_count, -1, d)
    index = (span.astype(np.int64) * (q ** np.arange(d))).sum(axis=2)
    out = np.zeros((b_count, q ** d), dtype=np.int32)
    out[np.arange(b_count)[:, None], index] = 1
    return out


@lru_cache(maxsize=None)
def _vector_addition(q: int, d: int) -> np.ndarray:
    """Addition table of ``GF(q)^d`` on vector indices ``sum v_j q**j``."""
    t = _tables(q)
    digits = (np.arange(q ** d)[:, None] // q ** np.arange(d)) % q
    total = t.add[digits[:, None, :], digits[None, :, :]].astype(np.int64)
    return (total * q ** np.arange(d)).sum(axis=2)


def _search(q: int, d: int, n: int, h: dict[int, int], max_nodes: int):
    """Depth-first search for generator matrices realising ``h`` in ``GF(q)^d``: ``(matrices
    or None, whether the search space was covered within ``max_nodes``)``.

    Subspaces are element sets, so ``dim(V_S + C) = dim V_S + dim C - log_q |V_S cap C|`` is
    one matrix product for all candidates ``C`` at once, and ``V_{S+i} = V_S + V_i`` is a
    lookup in the addition table of ``GF(q)^d``.  Fail-first: the next subspace is the one
    with the fewest fitting candidates.  The first subspace is unique up to ``GL(d)``, and so
    is the second given the first (``GL(d)`` is transitive on pairs of subspaces with given
    dimensions and intersection).
    """
    cands = {}
    for k in {h[1 << i] for i in range(n)}:
        bases = all_subspaces(q, d, k)
        cands[k] = (bases, _indicators(q, d, bases).astype(np.float32))
    log_q = np.full(q ** d + 1, -1, dtype=np.int64)
    log_q[q ** np.arange(d + 1)] = np.arange(d + 1)
    add = _vector_addition(q, d)
    chosen: dict[int, int] = {}
    nodes = 0

    def fits(new: int, sets) -> np.ndarray:
        k = h[1 << new]
        ind = cands[k][1]
        alive = np.arange(len(ind))
        for mask, (_, vs) in sets.items():
            if not mask:
                continue
            meet = log_q[np.rint(ind[alive] @ vs).astype(np.int64)]
            alive = alive[h[mask] + k - meet == h[mask | 1 << new]]
            if not len(alive):
                break
        return alive

    def extend(sets, i: int, option: int):
        """The element sets of ``V_S`` with ``V_i`` (candidate ``option``) added."""
        mine = np.flatnonzero(cands[h[1 << i]][1][option])
        out = dict(sets)
        for mask, (elements, _) in sets.items():
            union = np.unique(add[elements[:, None], mine[None, :]])
            indicator = np.zeros(q ** d, dtype=np.float32)
            indicator[union] = 1
            out[mask | 1 << i] = (union, indicator)
        return out

    def dfs(sets) -> bool:
        nonlocal nodes
        rest = [i for i in range(n) if i not in chosen]
        if not rest:
            return True
        if not chosen:
            best = max(rest, key=lambda i: h[1 << i])
            options = [len(cands[h[1 << best]][0]) - 1]
        else:
            best, options = min(((i, fits(i, sets)) for i in rest), key=lambda io: len(io[1]))
        if len(chosen) <= 1:
            options = options[:1]
        for o in options:
            nodes += 1
            if nodes > max_nodes:
                return False
            chosen[best] = int(o)
            if dfs(extend(sets, best, int(o))):
                return True
            del chosen[best]
        return False

    zero = np.zeros(q ** d, dtype=np.float32)
    zero[0] = 1
    if not dfs({0: (np.array([0]), zero)}):
        return None, nodes <= max_nodes
    return [cands[h[1 << i]][0][chosen[i]][: h[1 << i]].astype(np.int64) for i in range(n)], True


class _Budget(Exception):
    """The node budget of a search ran out."""


def _xor_insert(basis: tuple[int, ...], v: int) -> tuple[int, ...] | None:
    """``basis`` (GF(2) vectors as bit masks, reduced, decreasing) with ``v`` added, or None
    when ``v`` is in its span."""
    for b in basis:
        v = min(v, v ^ b)
    return None if v == 0 else tuple(sorted((*basis, v), reverse=True))


def _search_binary_vectors(d: int, n: int, h: dict[int, int], max_nodes: int):
    """Depth-first search over GF(2)^d choosing basis vectors one at a time (bit masks), for
    spaces too large to list every subspace: ``(matrices or None, covered within max_nodes)``.

    Up to ``GL(d)`` the vectors chosen so far span ``e_0 .. e_{s-1}``, and a basis of each
    ``V_i`` can be taken as vectors of that span in increasing order followed by new unit
    vectors ``e_s, e_{s+1}, ...`` (a map fixing the old span sends vectors independent modulo
    it to them), so each step tries ``2**s`` vectors and one new one.  A partial ``V_i`` with
    ``c`` of its ``k`` vectors is kept only if ``h(S + i) - (k - c) <= dim(V_S + V_i) <= h(S + i)``
    for every subset ``S`` of the earlier subspaces.  The largest subspaces go first (they
    constrain the rest most)."""
    order = sorted(range(n), key=lambda i: -h[1 << i])  # position j holds subspace order[j]
    h = {sum(1 << j for j in range(n) if mask >> order[j] & 1): v for mask, v in h.items()}
    sizes = [h[1 << i] for i in range(n)]
    if sizes[0] > d:
        return None, True
    nodes = 0
    spans = {0: (), 1: tuple(1 << j for j in reversed(range(sizes[0])))}  # bases of V_S, S finished

    def dfs(i: int, chosen: list[int], partial: dict[int, tuple[int, ...]], s: int) -> list[list[int]] | None:
        nonlocal nodes
        if i == n:
            return []
        if len(chosen) == sizes[i]:
            spans.update({S | 1 << i: b for S, b in partial.items()})
            rest = dfs(i + 1, [], {S: spans[S] for S in range(1 << (i + 1))}, s)
            return None if rest is None else [chosen, *rest]
        nodes += 1
        if nodes > max_nodes:
            raise _Budget
        left = sizes[i] - len(chosen) - 1
        last = max((v for v in chosen if v < 1 << s), default=0)
        for v in [*range(last + 1, 1 << s), *([1 << s] if s < d else [])]:
            grown = {}
            for S, basis in partial.items():
                b = _xor_insert(basis, v) or basis
                if not h[S | 1 << i] - left <= len(b) <= h[S | 1 << i]:
                    break
                grown[S] = b
            else:
                found = dfs(i, chosen + [v], grown, s + (v == 1 << s))
                if found is not None:
                    return found
        return None

    try:
        found = dfs(1, [], {0: (), 1: spans[1]}, sizes[0])
    except _Budget:
        return None, False
    if found is None:
        return None, True
    vectors = [[1 << j for j in range(sizes[0])], *found]
    matrices = [np.array([[v >> j & 1 for j in range(d)] for v in vs], dtype=np.int64).reshape(-1, d) for vs in vectors]
    return [matrices[order.index(i)] for i in range(n)], True
