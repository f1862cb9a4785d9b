"""Hypergraph benchmarks: min-cut evaluators against brute force, set-contraction proofs, HC_4 stages.

Run: ``.venv/bin/python benchmarks/bench_hypergraph.py [--gap] [--realise-only]``, or
``--bounds N --budget SECONDS --checkpoint PATH [--partial-rays]`` for the bounds of HC_N reachable in
the budget and their gap (:mod:`cones.hypergraph.bounds`; rerun with the same checkpoint to resume).  Prints figures and
ratios against the reference in the same run: the plain-Python brute force over bulk subsets
(``brute_force`` of tests/test_hypergraphs.py) for the min cuts, the bulk-vertex MILP for
realisation (against the min-cut-pattern LP).  ``--gap`` also runs the five-party gap search
(:mod:`cones.hypergraph.gap`) for the graph state with edges AC, AD, AO, BC, BD, BE, with its
speed-up against the time recorded before the MILP was warm-started.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from cones.core import catalogue
from cones.core import inequality_families as families
from cones.hypergraph.hypergraphs import all_hyperedges, hypergraph_entropy_vectors, hypergraph_from_incidence
from cones.hypergraph.set_contraction import prove_by_set_contraction
from cones.space import EntropySpace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_hypergraphs import brute_force  # noqa: E402  (the one brute-force reference)

# The gap search before the MILP was warm-started (2026-11-27, this machine, 2 busy cores).
GAP_SECONDS_BEFORE = 436.0


def bench_min_cut(n: int = 4, k: int = 3, count: int = 200, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    inc = all_hyperedges(n, k)
    inc = inc[rng.permutation(len(inc))[:300]]  # a random pool of candidate hyperedges
    weights = rng.integers(1, 4, (count, len(inc))) * (rng.random((count, len(inc))) < 8 / len(inc))
    graphs = [hypergraph_from_incidence(n, inc, w) for w in weights]
    timings = {}
    start = time.perf_counter()
    reference = [brute_force(h) for h in graphs]
    timings["brute force (python)"] = time.perf_counter() - start
    start = time.perf_counter()
    gadget = [h.entropy_vector("maxflow").tolist() for h in graphs]
    timings["gadget max-flow (scipy)"] = time.perf_counter() - start
    start = time.perf_counter()
    single = [h.entropy_vector("enumerate").tolist() for h in graphs]
    timings["enumeration, one by one"] = time.perf_counter() - start
    start = time.perf_counter()
    batch = hypergraph_entropy_vectors(inc, weights, n).tolist()
    timings["enumeration, one batch"] = time.perf_counter() - start
    assert reference == gadget == single == batch, "evaluators disagree"
    base = timings["brute force (python)"]
    print(f"min-cut vectors of {count} random hypergraphs, n={n}, {k} bulk vertices, {len(inc)} candidate hyperedges")
    for name, seconds in timings.items():
        print(f"  {name:28} {seconds:8.3f} s   speed-up vs brute force {base / seconds:8.1f}x")


def bench_proofs() -> None:
    space = EntropySpace(4)
    rows = [q for f in (families.sa, families.ssa, families.purified_ingleton) for q in f(space, representatives=True)]
    times = []
    for q in rows:
        start = time.perf_counter()
        prove_by_set_contraction(q, counterexample=False)
        times.append(time.perf_counter() - start)
    print(f"set-contraction proofs of {len(rows)} n=4 orbit representatives (SA, SSA, Ingleton): "
          f"total {sum(times):.3f} s, median {1000 * float(np.median(times)):.1f} ms, max {1000 * max(times):.1f} ms")


def bench_build() -> None:
    start = time.perf_counter()
    cone = catalogue.build("hypergraph", 4, progress=False)
    total = time.perf_counter() - start
    print(f"HC_4 from nothing: {cone.status}, {len(cone.facets)} facets / {len(cone.facet_orbits)} orbits, "
          f"{len(cone.rays)} rays / {len(cone.ray_orbits)} orbits, {total:.2f} s")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in cone.timings.items()))


def bench_realisation(samples: int = 8, seed: int = 3, time_limit: float = 20.0) -> None:
    """Pattern LP against the bulk-vertex MILP: the SSA-cone ray orbits at n = 4 (two are not
    hypergraph rays) and ``samples`` random five-party hypergraph vectors with at most
    ``MAX_PATTERNS`` admissible patterns."""
    from cones.holographic.realisation import NotFound
    from cones.hypergraph.gap import random_hypergraph_rays
    from cones.hypergraph.realisation import MAX_PATTERNS, realise_ray_by_hypergraph
    from cones.holographic.min_cut_patterns import admissible_patterns
    from cones.core.outer import ssa_cone

    cases = []
    space4 = EntropySpace(4)
    cases += [(space4, r, 1) for r in np.unique(space4.group.canonical_rows(ssa_cone(4).outer.rays), axis=0)]
    space5 = EntropySpace(5)
    pool = random_hypergraph_rays(5, samples=300, max_bulk=2, seed=seed)
    pool = pool[[len(admissible_patterns(space5, r)) <= MAX_PATTERNS for r in pool]]  # where the LP applies
    rng = np.random.default_rng(seed)
    cases += [(space5, pool[i], 2) for i in rng.choice(len(pool), min(samples, len(pool)), replace=False)]
    print(f"realisation: pattern LP vs bulk MILP (max bulk 1 at n=4, 2 at n=5; MILP limit {time_limit} s per size)")
    totals = {"patterns": 0.0, "bulk": 0.0}
    for space, r, bulk in cases:
        line = []
        for method in ("patterns", "bulk"):
            start = time.perf_counter()
            found = realise_ray_by_hypergraph(r, space, method=method, max_bulk=bulk, time_limit=time_limit)
            seconds = time.perf_counter() - start
            totals[method] += seconds
            verdict = ("no hypergraph" if found.conclusive else "not found") if isinstance(found, NotFound) else \
                f"realised ({len(found.hypergraph.bulk)} bulk)"
            line.append(f"{method} {seconds:6.2f} s {verdict:18}")
        print(f"  n={space.n} {' '.join(map(str, r))}\n      " + "   ".join(line))
    print(f"  total: pattern LP {totals['patterns']:.1f} s, MILP {totals['bulk']:.1f} s, "
          f"ratio MILP / LP {totals['bulk'] / totals['patterns']:.1f}x")


def bench_bounds(n: int, budget: float, checkpoint: str, partial_rays: bool) -> None:
    from cones.hypergraph.bounds import hypergraph_bounds_gap

    start = time.perf_counter()
    gap = hypergraph_bounds_gap(n, checkpoint=checkpoint, time_budget=budget, partial_rays=partial_rays)
    print(gap)
    print(f"  {time.perf_counter() - start:.1f} s; stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in gap.timings.items()))
    print(f"  outer bound: {len(gap.facet_orbits)} facet orbits proved by set-contraction; candidates not proved: "
          f"{len(gap.unproved_candidates)}")


def bench_gap() -> None:
    from cones.expressions import Inequality
    from cones.stabilizer.graph_states import edges_to_adjacency, graph_state_entropy_vector
    from cones.hypergraph.gap import find_small_separating_inequality

    space = EntropySpace(5)
    labels = space.all_labels
    edges = [(labels.index(a), labels.index(b)) for a, b in ("AC", "AD", "AO", "BC", "BD", "BE")]
    x = graph_state_entropy_vector(edges_to_adjacency(edges, 6), list(range(6)), 5)
    print("six-qubit graph state AC AD AO BC BD BE:", " ".join(map(str, x)))
    outer = np.array([q.row for q in (*families.ssa(space, elemental=True), *families.purified_ingleton(space))])
    print(f"  satisfies all {len(outer)} SSA and purified Ingleton instances: {bool((outer @ x >= 0).all())}")
    start = time.perf_counter()
    found = find_small_separating_inequality(x, space, progress=lambda s: print("  " + s, flush=True))
    seconds = time.perf_counter() - start
    print(f"  {seconds:.1f} s; speed-up vs the recorded {GAP_SECONDS_BEFORE:.0f} s before warm starts: "
          f"{GAP_SECONDS_BEFORE / seconds:.1f}x")
    print(f"  inner bound: {len(found.inner)} orbits of hypergraph entropy vectors")
    if found.inequality:
        print("  proved by set-contraction:", Inequality(space, found.inequality).to_text(),
              " value on the state:", int(np.dot(found.inequality, x)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gap", action="store_true", help="also run the five-party gap search")
    parser.add_argument("--realise-only", action="store_true", help="only the realisation comparison")
    parser.add_argument("--bounds", type=int, metavar="N", help="only the bounds of HC_N and their gap")
    parser.add_argument("--budget", type=float, default=1800.0, help="seconds of realisation for --bounds")
    parser.add_argument("--checkpoint", default=None, help="checkpoint file for --bounds (resumable)")
    parser.add_argument("--partial-rays", action="store_true",
                        help="--bounds: use the outer rays found so far by an interrupted run of the same checkpoint")
    args = parser.parse_args()
    if args.bounds:
        bench_bounds(args.bounds, args.budget, args.checkpoint, args.partial_rays)
        raise SystemExit
    bench_realisation()
    if args.realise_only:
        raise SystemExit
    bench_min_cut()
    bench_min_cut(n=3, k=10, count=5)  # large bulk: where the gadget max-flow pays off
    bench_proofs()
    bench_build()
    if args.gap:
        bench_gap()
