"""The best hypergraph-cone bounds reachable in a time budget, and their gap (arXiv:2006.16292 at n = 5).

:func:`hypergraph_bounds_gap` builds the two bounds of HC_n the way the sandwich
(:mod:`cones.hypergraph`) does, but stops at a wall-clock budget and says what is left:

* *outer bound*: the candidate inequalities (SA, elemental SSA and the purified Ingleton
  instances, plus any given ones such as the inequality of :mod:`cones.hypergraph.gap`), each
  proved by set-contraction (:mod:`cones.hypergraph.set_contraction`), irredundant orbits kept;
* its extreme rays, orbit by orbit (:func:`polytopes.adjacency.rays_by_orbits`, resumable);
* *inner bound*: the ray orbits realised by hypergraphs (:mod:`cones.hypergraph.realisation`:
  min-cut-pattern LP, bulk-vertex MILP when the LP is inconclusive), tried in order of increasing coordinate sum until the budget ends.  A
  ray orbit is ``realised`` (exact certificate), ``no hypergraph`` (the complete pattern LP is
  infeasible: a floating-point verdict), ``not found`` (inconclusive) or ``not tried``;
* the *gap*: the ray orbits not realised, and the facets of the inner bound that are not
  proved (computed when every ray orbit was tried and the inner bound is small enough for a
  facet enumeration, else reported as unknown).

Every proof and ray verdict is appended to ``checkpoint`` (JSON lines) as it finishes, and the
rays to ``checkpoint + ".rays"``; a rerun resumes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from polytopes.adjacency import rays_by_orbits
from polytopes.checkpoint import read_records

from cones.core import inequality_families as families
from cones.holographic.contraction import Proved
from cones.hypergraph.realisation import HypergraphRealised, realise_ray_by_hypergraph
from cones.core.certified_log import log_item, open_log
from cones.core.sandwich import canonical_representatives, full_orbits, facet_representatives, irredundant
from cones.hypergraph.set_contraction import prove_by_set_contraction
from cones.space import EntropySpace

Row = tuple[int, ...]
STATUSES = ("realised", "no hypergraph", "not found", "not tried")
# The facets of the inner bound are enumerated only from at most this many realised rays.
MAX_INNER_RAYS = 5000


@dataclass
class BoundsGap:
    """The outer bound (``facet_orbits``: proved irredundant representatives), its ray orbits
    (``rays``: one row per orbit with ``representative``, ``orbit_size``, ``status``,
    ``certificate``), the inner-bound facets not proved (``unproved_facets``; ``None`` when
    they were not enumerated), candidate inequalities that were not proved, and timings."""

    n: int
    facet_orbits: list[Row]
    facet_count: int
    rays: pd.DataFrame
    unproved_facets: list[Row] | None
    unproved_candidates: list[Row] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    rays_complete: bool = True  # False: ``rays`` holds only the ray orbits enumerated so far

    @property
    def settled(self) -> bool:
        return self.rays_complete and bool((self.rays["status"] == "realised").all()) and self.unproved_facets == []

    def counts(self) -> pd.Series:
        """Facets and rays of the outer bound (orbits and all), ray orbits by status, unproved inner facets."""
        status = self.rays["status"].value_counts()
        at_least = "" if self.rays_complete else ">= "
        out = {"outer facet orbits": len(self.facet_orbits), "outer facets": self.facet_count,
               "outer ray orbits": f"{at_least}{len(self.rays)}" if at_least else len(self.rays),
               "outer rays": f"{at_least}{int(self.rays['orbit_size'].sum())}" if at_least else int(self.rays["orbit_size"].sum())}
        out.update({f"ray orbits {s}": int(status.get(s, 0)) for s in STATUSES})
        out["rays realised"] = int(self.rays.loc[self.rays["status"] == "realised", "orbit_size"].sum())
        out["inner facet orbits not proved"] = None if self.unproved_facets is None else len(self.unproved_facets)
        return pd.Series(out, dtype=object)

    def __str__(self):
        return f"HC_{self.n} bounds:\n" + "\n".join(f"  {k}: {'unknown' if v is None else v}" for k, v in self.counts().items())


def default_inequalities(space: EntropySpace) -> list[Row]:
    """SA, elemental SSA and purified Ingleton orbit representatives (all valid on hypergraphs)."""
    rows = [q.row for q in (*families.sa(space, representatives=True),
                            *families.ssa(space, elemental=True, representatives=True))]
    if space.n >= 3:
        rows += [q.row for q in families.purified_ingleton(space, representatives=True)]
    return canonical_representatives(rows, space.group)


def hypergraph_bounds_gap(n: int, *, inequalities=None, extra=(), checkpoint=None, time_budget: float | None = None,
                          ray_time_limit: float = 10.0, max_bulk: int = 1, partial_rays: bool = False, executor=None,
                          progress: bool = True) -> BoundsGap:
    """The bounds of HC_n reachable within ``time_budget`` seconds and their gap (module docstring).

    ``inequalities``: the outer-bound candidates (default :func:`default_inequalities`);
    ``extra``: more candidates (e.g. the proved gap inequality).  ``ray_time_limit``: seconds of
    the pattern LP (and of the bulk-vertex MILP fallback, up to ``max_bulk`` bulk vertices) per
    ray.  The rays are enumerated in full (resumable), unless ``partial_rays``: then only the ray
    orbits already finished in the rays checkpoint of an earlier, interrupted run are used (the
    counts are then lower bounds); the budget bounds the realisations.
    """
    space = EntropySpace(n)
    group, d = space.group, space.dim
    timings: dict[str, float] = {}
    deadline = None if time_budget is None else time.monotonic() + time_budget
    log, records = open_log(checkpoint, {"hypergraph bounds": n})
    proofs, verdicts = {}, {}
    for rec in records:
        if rec["event"] == "proof":
            proofs[rec["row"]] = rec["certificate"]
        else:
            verdicts[rec["row"]] = (rec["status"], rec["certificate"])

    start = time.perf_counter()
    candidates = canonical_representatives([*(default_inequalities(space) if inequalities is None else inequalities), *extra], group)
    _prove_candidates(space, candidates, proofs, log)
    proved = [r for r in candidates if proofs[r] is not None]
    outer = irredundant(proved, group)
    outer_rows = full_orbits(outer, group, d)
    timings["prove"] = time.perf_counter() - start

    start = time.perf_counter()
    rays_checkpoint = None if log is None else log.path.with_name(log.path.name + ".rays")
    if partial_rays:
        found = _finished_rays(rays_checkpoint)
        canonical = np.unique(group.canonical_rows(np.array(found, dtype=np.int64).reshape(-1, d)), axis=0)
        sizes = dict(zip(map(tuple, canonical.tolist()), _orbit_sizes(canonical, group)))
    else:
        enumeration = rays_by_orbits(outer_rows, [], group, executor=executor, checkpoint=rays_checkpoint, progress=progress)
        sizes = {tuple(map(int, group.canonical(r))): int(k) for r, k in zip(enumeration.representatives, enumeration.orbit_sizes)}
    ray_reps = sorted(sizes, key=lambda r: (sum(r), r))
    timings["outer rays"] = time.perf_counter() - start

    start = time.perf_counter()
    todo = [r for r in ray_reps if r not in verdicts]
    _realise_rays(space, todo, verdicts, log, deadline=deadline, max_bulk=max_bulk, time_limit=ray_time_limit,
                  progress=progress)
    if log is not None:
        log.close()
    timings["realise"] = time.perf_counter() - start

    table = pd.DataFrame({
        "representative": ray_reps,
        "orbit_size": [sizes[r] for r in ray_reps],
        "status": [verdicts.get(r, ("not tried", None))[0] for r in ray_reps],
        "certificate": [verdicts.get(r, (None, None))[1] for r in ray_reps],
    })
    start = time.perf_counter()
    unproved_facets = _unproved_inner_facets(table, outer_rows, group, d, not partial_rays)
    timings["inner facets"] = time.perf_counter() - start
    return BoundsGap(n, outer, len(outer_rows), table, unproved_facets,
                     [r for r in candidates if proofs[r] is None], timings, rays_complete=not partial_rays)


def _prove_candidates(space: EntropySpace, candidates, proofs: dict, log) -> None:
    """Set-contraction proofs (or ``None``) of the candidates not yet in ``proofs``, each logged."""
    for row in candidates:
        if row not in proofs:
            result = prove_by_set_contraction(row, space, counterexample=False)
            cert = result.certificate if isinstance(result, Proved) else None
            if cert is not None and not cert.verify(row):
                raise RuntimeError(f"a set-contraction certificate does not verify for {row}")
            proofs[row] = cert
            log_item(log, "proof", row, cert)


def _realise_rays(space: EntropySpace, todo, verdicts: dict, log, *, deadline, max_bulk: int, time_limit: float,
                  progress: bool) -> None:
    """Try a hypergraph for each ray in ``todo`` until ``deadline``; each verdict is logged."""
    bar = tqdm(total=len(todo), desc=f"HC_{space.n}: realising", disable=not progress or not todo, leave=False)
    for row in todo:
        if deadline is not None and time.monotonic() > deadline:
            break
        found = realise_ray_by_hypergraph(row, space, max_bulk=max_bulk, time_limit=time_limit)
        if isinstance(found, HypergraphRealised):
            if not found.verify(row):
                raise RuntimeError(f"a hypergraph certificate does not verify for {row}")
            verdicts[row] = ("realised", found)
        else:
            verdicts[row] = ("no hypergraph" if found.conclusive else "not found", None)
        status, cert = verdicts[row]
        log_item(log, "ray", row, cert, status=status)
        bar.update()
    bar.close()


def _orbit_sizes(rows: np.ndarray, group) -> list[int]:
    """``|G| / |stabiliser|`` for each row, the stabiliser counted on all images at once."""
    out = []
    for start in range(0, len(rows), 512):
        chunk = rows[start:start + 512]
        fixed = (chunk[:, group.elements] == chunk[:, None, :]).all(axis=2).sum(axis=1)
        out += (group.order // fixed).tolist()
    return out


def _finished_rays(path) -> list[np.ndarray]:
    """The extreme rays found so far in a :func:`polytopes.adjacency.rays_by_orbits` checkpoint:
    the finished representatives (``"ray"``) and their neighbours (``"neighbours"``)."""
    if path is None or not Path(path).exists():
        raise ValueError("partial_rays needs the rays checkpoint of an earlier run (pass its checkpoint)")
    rays = []
    for rec in read_records(path):
        if "ray" in rec:
            rays += [rec["ray"], *rec.get("neighbours", ())]
    return list(np.unique(np.array(rays, dtype=np.int64).reshape(-1, len(rays[0]) if rays else 0), axis=0))


def _unproved_inner_facets(table: pd.DataFrame, outer_rows: np.ndarray, group, d: int, complete: bool) -> list[Row] | None:
    """Facet orbits of the cone of the realised rays that are not outer-bound rows (``None`` if
    some ray orbit is untried or the realised rays are too many to enumerate the facets)."""
    if (table["status"] == "not tried").any() or not complete:
        return None
    realised = table.loc[table["status"] == "realised", "representative"].tolist()
    if int(table.loc[table["status"] == "realised", "orbit_size"].sum()) > MAX_INNER_RAYS:
        return None
    if (table["status"] == "realised").all():
        return []
    facets = facet_representatives(full_orbits(realised, group, d), group, progress=False)
    proved = {tuple(map(int, r)) for r in outer_rows}
    return [f for f in facets if f not in proved]


