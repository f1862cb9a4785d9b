"""The inner/outer sandwich that tightens until a cone is settled (DESIGN.md, "Bounds").

*Outer bound*: the inequalities the family's prover has proved (a certificate each).
*Inner bound*: the vectors the family's models realise (a certificate each).
Everything is kept as canonical orbit representatives under the space's group.

One round:

1. the extreme rays of the outer bound, orbit by orbit (with ``outer_time_limit`` those
   found in time while the bound still moves); the new representatives go to the realiser.
   When every outer ray is realised and the list is complete, ``outer <= inner <= outer``:
   **settled**.  When every ray found in time is realised, :func:`polytopes.closure.rays_complete`
   may show the list complete without finishing the enumeration: settled as well.
2. a family with a ``cut`` is asked, for each outer ray not realised (and each vector left
   without a model by earlier rounds that the bound still holds), for a valid inequality
   that ray violates (e.g. one common information for linear ranks); new ones are proved and
   the round ends after the full realiser has tried the rays no cut removes;
3. otherwise facets of the inner bound not yet proved are the candidates for missing
   inequalities: all of them when the inner bound is small, else, for each outer ray not
   realised, the facets through its outer neighbours that cut it off and hold on every
   realised ray (:func:`neighbour_facets`; when the bound lacks one inequality this is
   exactly the missing one), or failing those the facet of the inner bound that an LP finds
   cutting it off.  They go to the prover (and, if it cannot prove them, to the optional
   refuter, whose model vector then joins the inner bound).  The rays not realised get the
   full realiser only when no new inequality was proved.

The loop stops when the cone is settled or a round learns nothing; the gap (outer rays not
realised, inner facets not proved) is then part of the result.  With a ``checkpoint`` file
every proof and realisation is logged as it finishes, and a rerun resumes from the log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np
from tqdm.auto import tqdm

from polytopes import Cone, PermutationGroup, nullspace, primitive, rank
from polytopes.adjacency import facets_by_orbits, rays_by_orbits
from polytopes.closure import rays_complete
from polytopes.executors import executor_for, local_pool, map_unordered, worker_count
from polytopes.lp import separating_inequality, violating_vector

from cones.core.bounds import EntropyCone
from cones.core.certified_log import log_item, open_log
from cones.space import EntropySpace

Row = tuple[int, ...]
# Up to this many rows the plain double description is used; beyond it the orbit-wise method.
_PLAIN_DD_ROWS = 80


@dataclass
class SandwichFamily:
    """What a cone family brings to the sandwich.

    ``prove(row)`` and ``realise(row)`` return a certificate (``to_json``/``verify``) or
    ``None``; they must be picklable (module-level functions or ``functools.partial`` of
    them) to run on a process pool.  ``refute(row)``, if given, returns ``(vector,
    certificate)`` for a model vector violating ``row``, or ``None``.
    ``seeds`` are the first candidate inequalities (e.g. SA and MMI); they are proved too.
    ``quick_realise``, if given, is a cheap first try (short time limits): rays it misses get
    the full ``realise`` only when no new inequality can be proved, so that rays a new
    inequality cuts off are never searched at length.
    ``cut(row, inner_rows)``, if given, returns a certificate of some valid inequality that
    the outer ray ``row`` violates (its ``inequality`` attribute), or ``None``; it is asked
    before any candidate facet, and the inequality is then proved by ``prove`` as usual.
    With ``lemmas``, ``prove`` and ``cut`` also take ``known``, the certificates proved so far,
    to use as lemmas; a row not proved is then tried again once more has been proved.
    ``inner_seeds`` are model vectors to try with ``quick_realise`` before the first round
    (e.g. a sample of small models), so that cuts and candidates see a large inner bound.
    """

    name: str
    space: EntropySpace
    prove: Callable[[Row], object | None]
    realise: Callable[[Row], object | None]
    seeds: list[Row]
    refute: Callable[[Row], tuple[Row, object] | None] | None = None
    quick_realise: Callable[[Row], object | None] | None = None
    cut: Callable[[Row, np.ndarray], object | None] | None = None
    inner_seeds: list[Row] = field(default_factory=list)
    lemmas: bool = False


@dataclass
class _State:
    proved: dict[Row, object] = field(default_factory=dict)
    realised: dict[Row, object] = field(default_factory=dict)
    unproved: dict[Row, int] = field(default_factory=dict)  # row -> inequalities proved when it failed
    unrealised: set[Row] = field(default_factory=set)


def _record(state: _State, event: str, row: Row, cert) -> None:
    if event == "proved":
        state.proved[row] = cert
        state.unproved.pop(row, None)
    elif event == "unproved":
        state.unproved[row] = len(state.proved)
    elif event == "realised":
        state.realised[row] = cert
        state.unrealised.discard(row)
    elif event == "unrealised":
        state.unrealised.add(row)
    else:
        raise ValueError(f"unknown checkpoint event {event!r}")


def full_orbits(rows: list[Row], group: PermutationGroup, d: int) -> np.ndarray:
    """All rows of the orbits of ``rows`` (sorted, unique)."""
    return group.orbit_rows(np.array(rows, dtype=np.int64).reshape(-1, d))


def canonical_representatives(rows, group: PermutationGroup) -> list[Row]:
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []
    return sorted({tuple(map(int, r)) for r in group.canonical_rows(rows)})


def irredundant(representatives: list[Row], group: PermutationGroup, *, witnesses: bool = False):
    """The orbit representatives whose rows are not implied by the other rows, each shown so
    by an exact violating vector (:func:`polytopes.lp.violating_vector`); with ``witnesses``
    also those vectors, as a pair of lists (for :meth:`polytopes.Cone.from_facets`).  Many
    representatives are checked on a local process pool.

    A facet is never a non-negative combination of other valid rows, and a non-facet row is
    one of the facets, which lie in other orbits; so whole orbits can be dropped at once.
    """
    full = full_orbits(representatives, group, group.degree)
    with executor_for(local_pool(None, len(representatives))) as pool:
        found = dict(map_unordered(partial(_violating_vector, rows=full), list(representatives), pool))
    keep = [r for r in representatives if found[r] is not None]
    vectors = [tuple(int(v) for v in found[r]) for r in keep]
    return (keep, vectors) if witnesses else keep


def _violating_vector(r: Row, rows: np.ndarray):
    """A vector violating ``r`` and satisfying the other ``rows``, or None if they imply ``r``."""
    return violating_vector(rows[np.any(rows != np.array(r, dtype=np.int64), axis=1)], r)


def extreme_ray_representatives(inequalities, group: PermutationGroup, *, executor=None, progress=True,
                                time_limit: float | None = None, known=()) -> tuple[list[Row], bool]:
    """Canonical orbit representatives of the extreme rays of ``{x : A x >= 0}``, and whether
    they are all of them (False when the orbit-wise search hit ``time_limit``)."""
    A = np.asarray(inequalities, dtype=np.int64)
    if len(A) <= _PLAIN_DD_ROWS:
        return canonical_representatives(Cone.from_h(A, dim=group.degree).rays, group), True
    found = rays_by_orbits(A, [], group, executor=executor, progress=progress, time_limit=time_limit, known=known)
    return canonical_representatives(found.representatives, group), found.complete


def facet_representatives(rays, group: PermutationGroup, *, executor=None, progress=True) -> list[Row]:
    """Canonical orbit representatives of the facets of the cone generated by ``rays``."""
    R = np.asarray(rays, dtype=np.int64)
    if len(R) <= _PLAIN_DD_ROWS or rank(R) < group.degree:
        return canonical_representatives(Cone.from_v(R, dim=group.degree).inequalities, group)
    return canonical_representatives(facets_by_orbits(R, [], group, executor=executor, progress=progress).representatives, group)


def separating_facets(rays, targets: list[Row], group: PermutationGroup) -> list[Row]:
    """For each target outside the cone of ``rays``, a facet of that cone cutting it off.

    The LP optimum over the section ``{a : a.R >= 0, a.x = -1}`` of the polar cone is a vertex,
    i.e. a point of an extreme ray of the polar cone: a facet.  Checked exactly (its tight rays
    have rank ``d - 1``) before it is used; canonical orbit representatives are returned.
    """
    R = np.asarray(rays, dtype=np.int64)
    d = group.degree
    found = set()
    for x in targets:
        a = _separating_facet(R, x, d)
        if a is not None:
            found.update(canonical_representatives([a], group))
    return sorted(found)


def _separating_facet(R: np.ndarray, x, d: int) -> np.ndarray | None:
    """The LP's inequality valid on the rays ``R`` and violated by ``x``, if it is a facet of
    their cone (tight rays of rank ``d - 1``, checked exactly)."""
    a = separating_inequality(R, x)
    return a if a is not None and rank(R[R @ a == 0], upper=d - 1) == d - 1 else None


def neighbour_facets(inequalities, rays, targets: list[Row], inner, group: PermutationGroup) -> list[Row]:
    """Candidate facets for cutting off ``targets``, extreme rays of ``{x : A x >= 0}``.

    For a target ``r`` take its neighbours ``N(r)`` among the extreme ``rays`` (adjacent:
    no third ray is tight on every inequality tight on both, the combinatorial test of
    double description).  The candidate is the hyperplane through ``N(r)`` when it has rank
    ``d - 1`` (``r`` is simplicial: removing it leaves exactly this new facet, the case of a
    bound that lacks one inequality), else the facet of ``cone(N(r))`` that an LP finds
    cutting ``r`` off.  Only facets of the cone of the ``inner`` rays are kept (valid on them,
    tight on ``d - 1`` independent ones): once proved valid such a facet is a facet of the
    cone itself, so the outer bound never collects valid non-facets.  Canonical orbit
    representatives are returned.
    """
    A, R = np.asarray(inequalities, dtype=np.int64), np.asarray(rays, dtype=np.int64)
    inner = np.asarray(inner, dtype=np.int64).reshape(-1, group.degree)
    d = group.degree
    tight = A @ R.T == 0  # inequalities x rays
    index = {tuple(map(int, r)): i for i, r in enumerate(R)}
    found: set[Row] = set()
    for target in targets:
        j, r = index[tuple(target)], np.asarray(target, dtype=np.int64)
        shared = tight[:, j][:, None] & tight
        neighbours = [k for k in np.flatnonzero(shared.sum(axis=0) >= d - 2)
                      if k != j and np.count_nonzero(~(~tight[shared[:, k]]).any(axis=0)) == 2]
        if not neighbours:
            continue
        N = R[neighbours]
        normal = nullspace(N, d)
        if len(normal) == 1:
            a = np.asarray(primitive(list(normal[0])), dtype=np.int64)
            a = -a if a @ r > 0 else a
        else:
            a = _separating_facet(N, r, d)
            if a is None:
                continue
        if a @ r < 0 and (inner @ a >= 0).all() and rank(inner[inner @ a == 0], upper=d - 1) == d - 1:
            found.update(canonical_representatives([a], group))
    return sorted(found)


def _batch(fn, rows: list[Row], executor, desc: str, progress: bool):
    bar = tqdm(total=len(rows), desc=desc, disable=not progress or not rows, leave=False)
    try:
        for row, result in map_unordered(fn, rows, executor):
            bar.update()
            yield row, result
    finally:
        bar.close()


def tighten(family: SandwichFamily, *, executor=None, checkpoint=None, progress: bool = True,
            max_rounds: int = 30, outer_time_limit: float | None = None,
            settle_time_limit: float | None = None) -> EntropyCone:
    """Tighten the sandwich of ``family`` until it is settled or stalls; see the module docstring.

    ``outer_time_limit`` (seconds) bounds each orbit-wise enumeration of outer rays while
    the outer bound still moves: the rays found in time feed realisations, cuts and candidates;
    once a round on a partial list learns nothing, the enumeration runs to the end (only a
    complete list can settle the cone), or for ``settle_time_limit`` seconds if given (the
    result is then unsettled and says so).  Each enumeration starts from the outer rays known
    already.  ``timings`` of the result has one entry per stage, summed over rounds;
    ``notes`` describes the gap if the cone is not settled.
    """
    tightener = _Tightener(family, executor, checkpoint, progress, outer_time_limit, settle_time_limit)
    try:
        return tightener.run(max_rounds)
    finally:
        if tightener.log is not None:
            tightener.log.close()


class _Tightener:
    def __init__(self, family: SandwichFamily, executor, checkpoint, progress: bool, outer_time_limit=None,
                 settle_time_limit=None):
        self.family, self.executor, self.progress = family, executor, progress
        self.outer_time_limit, self.settle_time_limit = outer_time_limit, settle_time_limit
        self.final_tried: set[tuple[Row, ...]] = set()
        self.space, self.group, self.d = family.space, family.space.group, family.space.dim
        self.state = _State()
        self.log, records = open_log(checkpoint, {"family": family.name, "n": self.space.n, "pure": self.space.pure})
        for rec in records:
            _record(self.state, rec["event"], rec["row"], rec["certificate"])
        self.outer_rays: dict[tuple[Row, ...], tuple[list[Row], bool]] = {}
        self.outer_key: tuple[Row, ...] = ()
        self.quick_failed: set[Row] = set()
        self.uncut: dict[Row, int] = {}  # ray -> inequalities proved when no cut was found
        self.timings: dict[str, float] = {}

    def timed(self, stage, fn, *args, **kw):
        start = time.perf_counter()
        out = fn(*args, **kw)
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
        return out

    def _store(self, event: str, row: Row, cert) -> None:
        _record(self.state, event, row, cert)
        log_item(self.log, event, row, cert)

    def _checked(self, cert, row, who: str):
        if cert is not None and not cert.verify(row):
            raise RuntimeError(f"the {who} returned a certificate that does not verify for {row}")
        return cert

    def _with_known(self, fn):
        """``fn`` given the certificates proved so far, for a family that uses lemmas."""
        return partial(fn, known=list(self.state.proved.values())) if self.family.lemmas else fn

    def prove(self, rows: list[Row]) -> int:
        st = self.state
        todo = [r for r in rows if r not in st.proved
                and (r not in st.unproved or self.family.lemmas and st.unproved[r] < len(st.proved))]
        new = 0
        for row, cert in _batch(self._with_known(self.family.prove), todo, self.executor, f"{self.family.name}: proving", self.progress):
            cert = self._checked(cert, row, "prover")
            self._store("proved" if cert is not None else "unproved", row, cert)
            new += cert is not None
        return new

    def realise(self, rows: list[Row], quick: bool) -> int:
        """Realise ``rows``; with ``quick`` by the family's cheap first try when it has one
        (whose misses are retried in full later, so they are not logged as unrealised)."""
        st, quick = self.state, quick and self.family.quick_realise is not None
        skip = st.unrealised | (self.quick_failed if quick else set())
        todo = [r for r in rows if r not in st.realised and r not in skip]
        fn = self.family.quick_realise if quick else self.family.realise
        new = 0
        for row, cert in _batch(fn, todo, self.executor, f"{self.family.name}: realising", self.progress):
            cert = self._checked(cert, row, "realiser")
            if cert is not None:
                self._store("realised", row, cert)
                new += 1
            elif quick:
                self.quick_failed.add(row)
            else:
                self._store("unrealised", row, None)
        return new

    def cut(self, missing: list[Row], outer_rows: np.ndarray) -> int:
        """Ask the family's ``cut`` for an inequality violated by each outer ray in ``missing``
        (smallest first, skipping rays a new one already cuts off); prove each found.  The
        rays go in batches of one per worker: the executor's, or a local process pool when
        there is none and enough rays wait (each cut is hundreds of LPs; :func:`polytopes.executors.local_pool`)."""
        if self.family.cut is None:
            return 0
        inner = full_orbits(sorted(self.state.realised), self.group, self.d)
        new_rows = np.zeros((0, self.d), dtype=np.int64)
        new = 0
        todo = sorted(missing, key=lambda r: sum(map(abs, r)))
        bar = tqdm(total=len(todo), desc=f"{self.family.name}: cutting", disable=not self.progress or not todo, leave=False)
        with executor_for(local_pool(self.executor, len(todo))) as pool:
            width = worker_count(pool)
            while todo:
                batch = []
                while todo and len(batch) < width:
                    ray = todo.pop(0)
                    bar.update()
                    if not (self.uncut.get(ray) == len(self.state.proved) or (new_rows @ np.array(ray, dtype=np.int64) < 0).any()):
                        batch.append(ray)
                for ray, cert in map_unordered(partial(self._with_known(self.family.cut), inner=inner), batch, pool):
                    if cert is None:
                        self.uncut[ray] = len(self.state.proved)  # not asked again until more is proved
                        continue
                    rows = canonical_representatives([cert.inequality], self.group)
                    for row in rows:  # the cut's own proof shows it provable: a failure on record is stale
                        self.state.unproved.pop(row, None)
                    if self.prove(rows):
                        new += 1
                        new_rows = np.vstack([new_rows, full_orbits(rows, self.group, self.d)])
        bar.close()
        return new

    def refute(self, rows: list[Row]) -> int:
        if self.family.refute is None:
            return 0
        new = 0
        for _, found in _batch(self.family.refute, rows, self.executor, f"{self.family.name}: refuting", self.progress):
            if found is None:
                continue
            vector, cert = found
            # The model realises ``vector`` itself, not its canonical image: keep it as it is
            # (the inner bound uses whole orbits anyway).
            key = tuple(int(v) for v in primitive(vector))
            (canonical,) = canonical_representatives([key], self.group)
            if canonical not in self.state.realised and key not in self.state.realised:
                self._store("realised", key, self._checked(cert, key, "refuter"))
                new += 1
        return new

    def candidates(self, outer_rows, missing: list[Row]) -> list[Row]:
        """Facets of the inner bound not yet proved: all of them while the inner bound is
        small, else those through the outer neighbours of ``missing`` or, failing those,
        the ones an LP finds cutting ``missing`` off."""
        inner_rows = full_orbits(sorted(self.state.realised), self.group, self.d)
        if len(inner_rows) <= _PLAIN_DD_ROWS or rank(inner_rows) < self.d:
            facets = self.timed("inner facets", facet_representatives, inner_rows, self.group)
        else:
            outer_rays = full_orbits(self.outer_rays[self.outer_key][0], self.group, self.d)
            facets = self.timed("inner facets", neighbour_facets, outer_rows, outer_rays, missing, inner_rows, self.group)
            if not [f for f in facets if f not in self.state.proved]:
                facets = self.timed("inner facets", separating_facets, inner_rows, missing, self.group)
        return sorted((f for f in facets if f not in self.state.proved), key=lambda f: sum(map(abs, f)))

    def run(self, max_rounds: int) -> EntropyCone:
        st, group, d = self.state, self.group, self.d
        self.timed("prove", self.prove, canonical_representatives(self.family.seeds, group))
        self.timed("realise", self.realise, canonical_representatives(self.family.inner_seeds, group), quick=True)
        outer_rays: list[Row] = []
        open_facets: list[Row] = []
        for _ in range(max_rounds):
            outer_reps = self.timed("redundancy", irredundant, sorted(st.proved), group)
            outer_rows = full_orbits(outer_reps, group, d)
            key = self.outer_key = tuple(outer_reps)
            final = self.outer_time_limit is None  # the list is to be completed (within settle_time_limit)
            if key not in self.outer_rays or (final and not self.outer_rays[key][1] and key not in self.final_tried):
                # a round that proved nothing keeps the same outer bound (and a partial list of
                # its rays is completed once, when the time limit is dropped)
                if final:
                    self.final_tried.add(key)
                self.outer_rays[key] = self.timed("outer rays", extreme_ray_representatives, outer_rows, group,
                                                  executor=self.executor, progress=self.progress,
                                                  time_limit=self.settle_time_limit if final else self.outer_time_limit,
                                                  known=self.known_rays(outer_rows))
            outer_rays, complete = self.outer_rays[key]
            self.timed("realise", self.realise, outer_rays, quick=True)
            missing = [r for r in outer_rays if r not in st.realised]
            if not missing and complete:
                return _settled(self.family, st, outer_rows, outer_rays, self.timings)
            # rays left without a model by earlier rounds (or runs) that the bound still holds
            stale = [r for r in sorted(st.unrealised) if r not in missing and (outer_rows @ np.array(r) >= 0).all()]
            if self.timed("cut", self.cut, missing + stale, outer_rows):
                # rays no cut can remove are in the cone as far as the cuts know: realise them now
                self.timed("realise", self.realise, [r for r in missing if r in self.uncut], quick=False)
                continue
            if not missing:
                if not final and self.timed("closure", rays_complete, outer_reps, outer_rays, group,
                                            executor=self.executor, time_limit=self.settle_time_limit):
                    # the rays found are all of them, shown without finishing the enumeration
                    return _settled(self.family, st, outer_rows, outer_rays, self.timings)
                if final:
                    break  # every ray found is realised, but the list did not complete in time
                self.outer_time_limit = None  # every ray found in time is realised: find them all
                continue
            open_facets = self.candidates(outer_rows, missing)
            if self.timed("prove", self.prove, open_facets):
                continue  # the outer bound moved: its rays first, before costly realisations
            if self.timed("realise", self.realise, missing, quick=False):
                continue
            unproved = [f for f in open_facets if f not in st.proved]
            if not self.timed("refute", self.refute, unproved):
                if complete or final:
                    break
                self.outer_time_limit = None
        return _unsettled(self.family, st, outer_rays, open_facets, self.timings, complete)

    def known_rays(self, outer_rows: np.ndarray) -> list[Row]:
        """Extreme rays of the outer bound known already (realised, or on earlier lists) for
        the enumeration to start from: light ones among them spare it degenerate local cones."""
        if len(outer_rows) <= _PLAIN_DD_ROWS:
            return []  # plain double description needs no start
        seen = {r for rays, _ in self.outer_rays.values() for r in rays} | set(self.state.realised) | self.state.unrealised
        out = []
        for r in sorted(seen):
            slack = outer_rows @ np.array(r, dtype=np.int64)
            if (slack >= 0).all() and rank(outer_rows[slack == 0], upper=self.d - 1) == self.d - 1:
                out.append(r)
        return out


def _certificates(keys, certs: dict, group) -> dict:
    """Certificates of orbit representatives, keyed by the representative rows."""
    return {k: certs[k] for k in keys if k in certs}


def _settled(family, state, outer_rows, ray_reps, timings) -> EntropyCone:
    space, group, d = family.space, family.space.group, family.space.dim
    rays = full_orbits(ray_reps, group, d)
    tight = outer_rows @ rays.T == 0
    facet_rows = np.array([a for a, t in zip(outer_rows, tight) if rank(rays[t], upper=d - 1) == d - 1], dtype=np.int64)
    facet_reps = canonical_representatives(facet_rows, group)
    cone = Cone.from_hv(facet_rows, rays, group=group)
    return EntropyCone(
        family.name, space, outer=cone, inner=cone,
        facet_certificates=_certificates(facet_reps, state.proved, group),
        ray_certificates=_certificates(ray_reps, state.realised, group),
        timings=timings,
        notes="settled: every extreme ray of the proved outer bound is realised",
    )


def _unsettled(family, state, outer_rays, open_facets, timings, complete: bool = True) -> EntropyCone:
    space, group, d = family.space, family.space.group, family.space.dim
    outer = Cone.from_h(full_orbits(sorted(state.proved), group, d), dim=d, group=group)
    inner = Cone.from_v(full_orbits(sorted(state.realised), group, d), dim=d, group=group) if state.realised else None
    missing_rays = [r for r in outer_rays if r not in state.realised]
    notes = (f"not settled: {len(missing_rays)} orbit(s) of outer-bound rays not realised, "
             f"{len(open_facets)} orbit(s) of inner-bound facets not proved")
    if not complete:
        notes += (f"; the orbit-wise enumeration of outer rays did not finish in time ({len(outer_rays)} orbit(s) "
                  "found): more rays may exist")
    return EntropyCone(
        family.name, space, outer=outer, inner=inner,
        facet_certificates=dict(state.proved), ray_certificates=dict(state.realised),
        timings=timings, notes=notes, undecided=not complete,
    )
