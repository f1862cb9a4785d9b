"""Orbit-wise enumeration of extreme rays and facets (adjacency decomposition).

For a pointed cone ``C = {x : A x >= 0, E x = 0}`` preserved by a permutation group ``G``
(action ``g . x = x[g]``), the extreme rays are found one ``G``-orbit at a time:

1. a first extreme ray comes from an exact LP (cdd's GMP simplex) on the section
   ``c . x = 1`` with ``c`` the sum of the rows of ``A`` (positive on ``C`` minus the origin
   because ``C`` is pointed), pushed to an extreme ray by exact ratio tests if needed;
2. for every new orbit representative ``r`` the edges of ``C`` at ``r`` are the extreme rays of
   the local cone ``{x : a . x >= 0 for a tight at r, E x = 0, r . x = 0}``; only one edge per
   orbit of the stabilizer ``G_r`` is needed.  The local cone is computed by Normaliz (plain
   double description by cdd when PyNormaliz is missing) or, when it is very degenerate and
   ``G_r`` is not trivial, by this same method with ``G_r`` (the recursive adjacency
   decomposition);
3. along an edge direction ``e`` the neighbour is ``r' = (a . r) e - (a . e) r`` for the
   inequality ``a`` attaining ``min (a . e) / (a . r)`` over those with ``a . r > 0`` (an exact
   ratio test in integers), canonicalised by ``G`` and deduplicated by orbit;
4. by Balinski's theorem (the graph of a ``D``-dimensional pointed cone's section is
   ``(D - 1)``-connected), orbits whose rays number fewer than ``D - 1`` in total need not be
   expanded: the most degenerate orbits are deferred while they fit under that bound, and the
   search stops when only deferred orbits remain.

Representatives are expanded as soon as they are found (least degenerate first, a few tasks
per worker in flight, no rounds), on the executor; recursive local enumerations are driven
from the calling process and send their own expansions to the same executor.

Facets from rays (``facets_by_orbits``) are the extreme rays of the polar cone
``{a : a . r >= 0 for every ray r, a . l = 0 for every line l}``, the same algorithm.

References: D. Bremner, M. Dutour Sikirić, A. Schürmann, "Polyhedral representation
conversion up to symmetries", CRM Proc. 48 (2009); M. L. Balinski, Pacific J. Math. 11 (1961).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction

import cdd
import cdd.gmp as gmp
import numpy as np

from ._cdd import _matrix
from ._exact_kernels import _SAFE, _RankModP, _dot, _primitive_rows, _rank
from ._integers import canonical_rows
from ._linalg import rank as bounded_rank
from .checkpoint import Checkpoint, fingerprint
from .executors import abandon, executor_for, worker_count
from .first_ray import _first_ray, _walked_rays
from .group import PermutationGroup

# A local cone with more tight inequalities than its dimension plus this excess, and a
# non-trivial stabilizer, is enumerated recursively, smaller ones directly.  Measured on
# Gamma_5 (local cones of dimension 30): Normaliz takes 6 s on 73 tight rows (25,783 rays)
# where the recursion takes 60 s; on HEC_5 rays tight on 150-200 rows only the recursion ends.
_RECURSION_EXCESS = 50
_MAX_DEPTH = 3
# Random walks that look for first rays less degenerate than the LP optimum.
_WALKS = 8
# ``executor=None`` starts a local process pool once this many representatives are pending
# (small searches run in process).
_PARALLEL_PENDING = 24
# Expansion tasks kept in flight per worker, and most representatives per task.
_IN_FLIGHT = 2
_CHUNK = 8


@dataclass(frozen=True)
class OrbitEnumeration:
    """Rows (rays or facets) up to a group: canonical orbit ``representatives`` (sorted int64
    rows), their ``orbit_sizes``, the ``group``; ``expanded`` counts the representatives whose
    local cone this call computed (finished ones read from a checkpoint are not recomputed)
    and ``deferred`` those never expanded thanks to Balinski's theorem.  ``complete`` is False
    when a time limit stopped the search: the representatives are then genuine extreme rays
    (facets) but perhaps not all of them."""

    representatives: np.ndarray
    orbit_sizes: np.ndarray
    group: PermutationGroup
    expanded: int = 0
    deferred: int = 0
    complete: bool = True

    def __len__(self) -> int:
        return len(self.representatives)

    @property
    def total(self) -> int:
        """Number of rows in all orbits together."""
        return int(self.orbit_sizes.sum())

    def all_rows(self) -> np.ndarray:
        """Every row of every orbit, primitive and sorted (the canonical row order)."""
        d = self.group.degree
        if not len(self.representatives):
            return np.zeros((0, d), dtype=np.int64)
        step = max(1, (1 << 22) // (self.group.order * d))
        parts = [
            self.representatives[i : i + step][:, self.group.elements].reshape(-1, d)
            for i in range(0, len(self.representatives), step)
        ]
        rows = np.unique(np.concatenate(parts), axis=0)
        rows.setflags(write=False)
        return rows


def rays_by_orbits(inequalities, equations, group: PermutationGroup, *, executor=None, checkpoint=None, progress=True,
                   time_limit: float | None = None, known=()) -> OrbitEnumeration:
    """Extreme rays of the pointed cone ``{x : A x >= 0, E x = 0}`` up to ``group``.

    ``group`` must map the set of inequalities onto itself and the span of the equations onto
    itself.  ``executor``: ``None`` (in process, with a local process pool once many orbits are pending),
    ``"serial"``, ``"processes"``, a ``concurrent.futures.Executor``, a Dask ``Client`` or
    scheduler address (see ``polytopes.executors``).  ``checkpoint``: a file path; finished
    representatives are appended to it and a later call with the same path resumes.
    ``time_limit`` (seconds): stop expanding once it has passed and return the orbits
    discovered so far with ``complete=False`` (a cheap partial view of a hard cone: every ray
    returned is extreme; work finished after the limit is not checkpointed).  ``known``:
    extreme rays found elsewhere (e.g. models of the cone) to start from: the search
    expands its least degenerate orbits first, so many known light rays keep it away from
    the costly local cones of degenerate ones (ValueError for a vector that is not an
    extreme ray).
    """
    A, E = _validated(inequalities, equations, group, "inequalities", "equations")
    if _rank(np.vstack([A, E])) < group.degree:
        raise ValueError(
            "the cone is not pointed (its inequalities and equations have rank "
            f"{_rank(np.vstack([A, E]))} < {group.degree}); orbit-wise enumeration needs a pointed cone"
        )
    with ExitStack() as stack:
        return _enumerate(A, E, group, depth=0, pools=_Pools(executor, stack), checkpoint=checkpoint, progress=progress,
                          kind="rays", deadline=_deadline(time_limit), known=_known_extreme(A, E, known, "an extreme ray"))


def _known_extreme(A: np.ndarray, E: np.ndarray, known, what: str) -> np.ndarray:
    """``known`` as rows, each checked to be an extreme ray of ``{x : A x >= 0, E x = 0}`` (for
    facets: of the polar cone)."""
    d = A.shape[1]
    known = np.asarray(known, dtype=np.int64).reshape(-1, d)
    for x in known:
        slack = _dot(A, x)
        if (slack < 0).any() or _dot(E, x).any() or bounded_rank(np.vstack([E, A[slack == 0]]), upper=d - 1) != d - 1:
            raise ValueError(f"known vector {x.tolist()} is not {what} of the cone")
    return known


def facets_by_orbits(rays, lines, group: PermutationGroup, *, executor=None, checkpoint=None, progress=True,
                     time_limit: float | None = None, known=()) -> OrbitEnumeration:
    """Facet normals ``a`` (meaning ``a . x >= 0``) of the full-dimensional cone generated by
    ``rays`` and ``lines``, up to ``group``: the extreme rays of the polar cone (options as
    for :func:`rays_by_orbits`; ``known`` facets to start from)."""
    R, L = _validated(rays, lines, group, "rays", "lines")
    rank = _rank(np.vstack([R, L]))
    if rank < group.degree:
        raise ValueError(
            f"the rays and lines span a space of dimension {rank} < {group.degree}; orbit-wise "
            "facet enumeration needs a full-dimensional cone (use plain double description)"
        )
    with ExitStack() as stack:
        return _enumerate(R, L, group, depth=0, pools=_Pools(executor, stack), checkpoint=checkpoint, progress=progress,
                          kind="facets", deadline=_deadline(time_limit), known=_known_extreme(R, L, known, "a facet"))


def _deadline(time_limit: float | None) -> float | None:
    if time_limit is None:
        return None
    if time_limit <= 0:
        raise ValueError(f"time_limit must be positive, got {time_limit}")
    return time.monotonic() + time_limit


# -- validation and exact linear algebra ------------------------------------------------------


def _validated(rows, subspace, group, what, what_subspace):
    if not isinstance(group, PermutationGroup):
        raise TypeError(f"group must be a PermutationGroup, got {type(group).__name__}")
    d = group.degree
    A = np.array(canonical_rows(rows, d), dtype=np.int64)
    E = np.array(canonical_rows(subspace, d, sign_free=True), dtype=np.int64)
    if not group.preserves(A):
        raise ValueError(f"the group does not map the set of {what} onto itself")
    rank = _rank(E)
    if any(_rank(np.vstack([E, E[:, g]])) != rank for g in group.generators):
        raise ValueError(f"the group does not map the span of the {what_subspace} onto itself")
    return A, E


# -- one representative: its neighbours ---------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    inequalities: np.ndarray
    equations: np.ndarray
    group: PermutationGroup
    depth: int

    def recurses(self, ray: np.ndarray) -> bool:
        """Whether the local cone at ``ray`` is enumerated recursively (see ``_RECURSION_EXCESS``)."""
        if self.depth >= _MAX_DEPTH:
            return False
        tight = int((_dot(self.inequalities, ray) == 0).sum())
        free = self.inequalities.shape[1] - _rank(np.vstack([self.equations, ray[None, :]]))
        return tight > free + _RECURSION_EXCESS and self.group.stabilizer(ray).order > 1


def _expand(problem: _Problem, rays: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Canonical neighbour representatives of each ray (a unit of parallel work)."""
    return [(ray, _neighbour_representatives(problem, ray, None)) for ray in rays]


def _neighbour_representatives(problem: _Problem, ray: np.ndarray, pools, deadline=None) -> np.ndarray:
    """Canonical representatives of the neighbours of ``ray``; a recursive local enumeration
    sends its expansions to ``pools`` (``None``: in process) and stops at ``deadline`` (then
    only some neighbours are returned)."""
    A, E, G = problem.inequalities, problem.equations, problem.group
    slack = _dot(A, ray)
    tight = A[slack == 0]
    local_equations = np.vstack([E, ray[None, :]])
    stabilizer = G.stabilizer(ray)
    if problem.recurses(ray):
        directions = _enumerate(tight, local_equations, stabilizer, depth=problem.depth + 1, pools=pools or _Pools("serial", None),
                                checkpoint=None, progress=False, kind="rays", deadline=deadline).representatives
    else:
        directions = _edge_directions(tight, E, ray, stabilizer)
    if not len(directions):
        return np.zeros((0, A.shape[1]), dtype=np.int64)
    positive = slack > 0
    neighbours = _step_to_neighbours(A[positive], np.asarray(slack[positive]), ray, directions)
    return np.unique(G.canonical_rows(neighbours), axis=0)


def _normaliz():
    """PyNormaliz if installed (optional: much faster than cdd on highly degenerate cones)."""
    try:
        import PyNormaliz
    except ImportError:
        return None
    # One thread: OpenMP threads started in this process would deadlock the worker processes
    # that a local process pool later forks from it.
    PyNormaliz.NmzSetNumberOfNormalizThreads(1)
    return PyNormaliz


def _normaliz_rays(inequalities: np.ndarray, equations: np.ndarray) -> np.ndarray:
    """Extreme rays of the pointed cone ``{x : A x >= 0, E x = 0}`` by Normaliz (exact integers)."""
    options = {"inequalities": inequalities.tolist()}
    if len(equations):
        options["equations"] = equations.tolist()
    rays = _normaliz().Cone(**options).ExtremeRays()
    return _integer_rows(rays, [[1] * len(r) for r in rays], inequalities.shape[1])


def _cdd_rays(inequalities: np.ndarray, equations: np.ndarray) -> np.ndarray:
    """Extreme rays of the pointed cone ``{x : A x >= 0, E x = 0}`` by cdd's exact double description."""
    d = inequalities.shape[1]
    m = _matrix(inequalities.tolist(), equations.tolist(), cdd.RepType.INEQUALITY, d)
    rows = [r[1:] for r in gmp.copy_generators(gmp.polyhedron_from_matrix(m)).array]
    rows = _integer_rows([[f.numerator for f in r] for r in rows], [[f.denominator for f in r] for r in rows], d)
    return rows[rows.any(axis=1)]


def _integer_rows(numerators, denominators, d: int) -> np.ndarray:
    """Primitive int64 rows of the rational rows ``numerators / denominators`` (vectorised; rows
    whose scaling would leave the int64 range go through exact Python integers)."""
    try:
        N = np.array(numerators, dtype=np.int64).reshape(-1, d)
        D = np.array(denominators, dtype=np.int64).reshape(-1, d)
    except OverflowError:
        return _primitive_rows(np.array([[Fraction(a, b) for a, b in zip(n, q)] for n, q in zip(numerators, denominators)], dtype=object).reshape(-1, d))
    lcm = np.ones(len(N), dtype=np.int64)
    safe = np.abs(N).max(axis=1, initial=0) < 2**31
    for column in D.T:
        step = column // np.gcd(lcm, column)
        safe &= lcm < 2**31 // np.maximum(step, 1)
        lcm = np.where(safe, lcm * step, 1)
    out = np.where(safe[:, None], N * (lcm[:, None] // D), 0)
    out = _primitive_rows(out)
    for i in np.nonzero(~safe)[0]:
        out[i] = _primitive_rows(np.array([[Fraction(int(a), int(b)) for a, b in zip(N[i], D[i])]], dtype=object))[0]
    return out


def _edge_directions(tight: np.ndarray, E: np.ndarray, ray: np.ndarray, stabilizer: PermutationGroup) -> np.ndarray:
    """Extreme rays of the local cone ``{x : tight x >= 0, E x = 0, ray . x = 0}`` up to ``stabilizer``.

    They are computed on the section ``x_j = 0`` for a ``j`` with ``ray_j != 0``: like ``ray^perp``
    it cuts the tangent cone transversally to its lineality ``span(ray)``, but it only drops
    column ``j`` instead of adding an equation (Normaliz is ~1.8x faster so on Gamma_5).  Each
    ray ``e`` found is then mapped to ``ray^perp`` by ``(ray . ray) e - (ray . e) ray``, which
    commutes with the stabilizer.  Normaliz is 2-5x faster than cdd on every Gamma_5 local
    cone measured; cdd is used when PyNormaliz is missing."""
    d = len(ray)
    keep = np.arange(d) != np.flatnonzero(ray)[0]
    section = _normaliz_rays if _normaliz() is not None else _cdd_rays
    found = section(tight[:, keep], E[:, keep])
    lifted = np.zeros((len(found), d), dtype=np.int64)
    lifted[:, keep] = found
    norm = _dot(ray, ray)
    rays = _primitive_rows(_mul(lifted, np.array([norm])[None, :]) - _mul(_dot(lifted, ray)[:, None], ray[None, :]))
    if stabilizer.order > 1 and len(rays):
        rays = np.unique(stabilizer.canonical_rows(rays), axis=0)
    return rays


def _step_to_neighbours(S: np.ndarray, s: np.ndarray, r: np.ndarray, D: np.ndarray) -> np.ndarray:
    """For each direction ``e`` (rows of ``D``): ``(a . r) e - (a . e) r`` with ``a`` among the rows
    of ``S`` (slacks ``s = S r > 0``) minimising ``(a . e) / (a . r)``; primitive integer rows."""
    num = _dot(S, D.T)
    k = D.shape[0]
    cols = np.arange(k)
    best = np.argmin(num.astype(float) / s.astype(float)[:, None], axis=0)
    a, b = num[best, cols], s[best]
    # Exact check of the float choice: a / b <= num[j] / s[j] for every row j.
    ok = np.all(_mul(s[:, None], a[None, :]) <= _mul(num, b[None, :]), axis=0)
    for j in np.nonzero(~ok)[0]:
        ratios = [Fraction(int(num[i, j]), int(s[i])) for i in range(len(s))]
        best[j] = min(range(len(s)), key=ratios.__getitem__)
    a, b = num[best, cols], s[best]
    return _primitive_rows(_mul(b[:, None], D) - _mul(a[:, None], r[None, :]))


def _mul(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact elementwise product (int64 when safe, Python integers otherwise)."""
    if x.dtype != object and y.dtype != object and x.size and y.size:
        if int(np.abs(x).max()) * int(np.abs(y).max()) < _SAFE // 4:
            return x * y
    return x.astype(object) * y.astype(object)


# -- the orbit search -----------------------------------------------------------------------------


class _Search:
    """Discovered orbit representatives, their sizes and degeneracy, and which are expanded."""

    def __init__(self, A: np.ndarray, group: PermutationGroup):
        self.A, self.group = A, group
        self.index: dict[bytes, int] = {}
        self.reps: list[np.ndarray] = []
        self.sizes: list[int] = []
        self.tight: list[int] = []
        self.expanded: set[int] = set()

    def discover(self, canonical: np.ndarray) -> None:
        fresh = [r for r in np.asarray(canonical, dtype=np.int64) if r.tobytes() not in self.index]
        if not fresh:
            return
        fresh = np.unique(np.array(fresh), axis=0)
        _, stabilizer_orders = self.group._canonical_with_stabilizer_size(fresh)
        tight = (_dot(self.A, fresh.T) == 0).sum(axis=0)
        for r, stab, t in zip(fresh, stabilizer_orders, tight):
            self.index[r.tobytes()] = len(self.reps)
            self.reps.append(r)
            self.sizes.append(self.group.order // int(stab))
            self.tight.append(int(t))

    def mark_expanded(self, ray: np.ndarray) -> None:
        self.expanded.add(self.index[np.asarray(ray, dtype=np.int64).tobytes()])

    def next_round(self, dimension_bound: int, busy: set[int]) -> tuple[list[int], list[int]]:
        """The representatives to expand, least degenerate first, and the deferred ones: the
        most degenerate pending orbits while they hold fewer than ``dimension_bound - 1`` rays
        together (Balinski).  ``busy`` ones (being expanded) are neither."""
        pending = [i for i in range(len(self.reps)) if i not in self.expanded and i not in busy]
        pending.sort(key=lambda i: (-self.tight[i], self.sizes[i]))
        budget, deferred, batch = dimension_bound - 2, [], []
        for i in pending:
            if self.sizes[i] <= budget:
                budget -= self.sizes[i]
                deferred.append(i)
            else:
                batch.append(i)
        return batch[::-1], deferred


class _Pools:
    """The executor of one search and its recursive sub-searches, opened on first need:
    ``None`` (the default) opens a local process pool only once ``_PARALLEL_PENDING``
    representatives are pending; the pool is closed with ``stack``."""

    def __init__(self, spec, stack: ExitStack | None):
        self.spec, self.stack, self.executor, self.workers = spec, stack, None, 1

    def abandon(self) -> None:
        """Stop a pool opened here without waiting for its running tasks (a time limit passed)."""
        if self.executor is not None and not isinstance(self.spec, cf.Executor):
            abandon(self.executor)

    def get(self, pending: int):
        if self.executor is None and self.spec != "serial":
            if self.spec is not None or (pending >= _PARALLEL_PENDING and (os.cpu_count() or 1) > 1):
                self.executor = self.stack.enter_context(executor_for(self.spec if self.spec is not None else "processes"))
                self.workers = worker_count(self.executor)
        return self.executor


def _enumerate(A, E, group, *, depth, pools: _Pools, checkpoint, progress, kind, deadline=None, known=()) -> OrbitEnumeration:
    d = group.degree
    dimension_max = d - _rank(E)
    search = _Search(A, group)
    problem = _Problem(A, E, group, depth)
    with ExitStack() as stack:
        log = None
        if checkpoint is not None:
            log = stack.enter_context(Checkpoint(checkpoint, fingerprint(A, E, group.elements), f"polytopes.{kind}_by_orbits"))
            for record in log.records:
                search.discover(np.array(record["neighbours"], dtype=np.int64).reshape(-1, d))
                search.discover(np.array([record["ray"]], dtype=np.int64))
                search.mark_expanded(record["ray"])
        if len(known):
            search.discover(group.canonical_rows(np.asarray(known, dtype=np.int64)))
        first = _first_ray(A, E) if not search.reps else None
        if first is not None:
            seeds = [first] + _walked_rays(A, E, _WALKS, seed=len(A) + 7 * d + depth)
            search.discover(group.canonical_rows(np.array(seeds)))
        bar = _progress_bar(progress and depth == 0, kind, search)
        if bar is not None:
            stack.callback(bar.close)
        rank = _RankModP(d)
        counted = 0
        expanded = 0
        recursive: dict[int, bool] = {}
        running: dict[cf.Future, list[int]] = {}
        stack.callback(lambda: [future.cancel() for future in running])
        complete = True
        while True:
            if deadline is not None and time.monotonic() > deadline:
                complete = False
                if depth == 0:
                    pools.abandon()
                break
            if rank.rank < dimension_max and counted < len(search.reps):
                new = np.array(search.reps[counted:])
                rank.add(np.unique(new[:, group.elements].reshape(-1, d), axis=0))
                counted = len(search.reps)
            busy = {i for chunk in running.values() for i in chunk}
            batch, deferred = search.next_round(rank.rank, busy)
            # with a deadline, work goes to a pool from the start: a pool can be abandoned
            pool = pools.get(len(batch) if deadline is None else max(len(batch), _PARALLEL_PENDING))
            for i in batch:
                if i not in recursive:
                    recursive[i] = problem.recurses(search.reps[i])
            light = [i for i in batch if not recursive[i]]
            slots = (_IN_FLIGHT * pools.workers if pool is not None else 1) - len(running)
            size = max(1, min(_CHUNK, len(light) // (4 * pools.workers)))
            for start in range(0, min(len(light), slots * size), size):
                rays = [search.reps[i] for i in light[start : start + size]]
                future = pool.submit(_expand, problem, rays) if pool is not None else _done(_expand(problem, rays))
                running[future] = light[start : start + size]
            if not light and not running and batch:
                # A recursive local enumeration, once everything else is known (it may still be
                # deferred): driven from here, its expansions go to the same executor.
                ray = search.reps[batch[0]]
                running[_done([(ray, _neighbour_representatives(problem, ray, pools, deadline))])] = batch[:1]
            if not running:
                break
            finished, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED,
                                  timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
            for future in finished:
                del running[future]
                results = future.result()
                for ray, neighbours in results:
                    search.discover(neighbours)
                    search.mark_expanded(ray)
                    expanded += 1
                    if log is not None and (deadline is None or time.monotonic() <= deadline):
                        log.append({"ray": ray.tolist(), "neighbours": neighbours.tolist()})
                if bar is not None:
                    bar.total = len(search.reps)
                    bar.update(len(results))
        reps = np.array(search.reps, dtype=np.int64).reshape(-1, d)
        order = np.lexsort(reps.T[::-1])
        reps = reps[order]
        sizes = np.array(search.sizes, dtype=np.int64)[order]
        reps.setflags(write=False)
        sizes.setflags(write=False)
        return OrbitEnumeration(reps, sizes, group, expanded, 0 if not complete else len(deferred), complete)


def _done(value) -> cf.Future:
    """A finished future holding ``value`` (work done in process)."""
    future = cf.Future()
    future.set_result(value)
    return future


def _progress_bar(enabled: bool, kind: str, search: _Search):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=len(search.reps), desc=f"{kind} orbits", unit="orbit", leave=False)
