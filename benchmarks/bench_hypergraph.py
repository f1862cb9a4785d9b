"""Hypergraph benchmarks: min-cut evaluators against brute force, set-contraction proofs, HC_4 stages.

Run: ``.venv/bin/python benchmarks/bench_hypergraph.py [--gap]``.  Prints figures and ratios
against the reference (a plain-Python brute force over bulk subsets) in the same run.
``--gap`` also runs the five-party gap search (:mod:`cones.hypergraph_gap`) for the graph state
with edges AC, AD, AO, BC, BD, BE.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from cones import catalogue, families
from cones.hypergraphs import Hypergraph, all_hyperedges, hypergraph_entropy_vectors, hypergraph_from_incidence
from cones.set_contraction import prove_by_set_contraction
from cones.space import EntropySpace


def brute_force(h: Hypergraph) -> list[int]:
    """The definition: every bulk subset, every hyperedge, in plain Python."""
    boundary = h.vertices[: h.n + 1]
    out = []
    for mask in h.space.masks:
        inside = {boundary[p] for p in range(h.n) if int(mask) >> p & 1}
        best = None
        for chosen in itertools.product((0, 1), repeat=len(h.bulk)):
            cut = inside | {v for v, c in zip(h.bulk, chosen) if c}
            cost = sum(w for members, w in h.hyperedges if 0 < len(cut & set(members)) < len(members))
            best = cost if best is None or cost < best else best
        out.append(int(best))
    return out


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


def bench_gap() -> None:
    from cones.expressions import Inequality
    from cones.graph_states import edges_to_adjacency, graph_state_entropy_vector
    from cones.hypergraph_gap import find_small_separating_inequality

    space = EntropySpace(5)
    labels = space.all_labels
    edges = [(labels.index(a), labels.index(b)) for a, b in ("AC", "AD", "AO", "BC", "BD", "BE")]
    x = graph_state_entropy_vector(edges_to_adjacency(edges, 6), list(range(6)), 5)
    print("six-qubit graph state AC AD AO BC BD BE:", " ".join(map(str, x)))
    outer = np.array([q.row for q in (*families.ssa(space, elemental=True), *families.purified_ingleton(space))])
    print(f"  satisfies all {len(outer)} SSA and purified Ingleton instances: {bool((outer @ x >= 0).all())}")
    start = time.perf_counter()
    found = find_small_separating_inequality(x, space, progress=lambda s: print("  " + s, flush=True))
    print(f"  {time.perf_counter() - start:.1f} s")
    print(f"  inner bound: {len(found.inner)} orbits of hypergraph entropy vectors")
    if found.inequality:
        print("  proved by set-contraction:", Inequality(space, found.inequality).to_text(),
              " value on the state:", int(np.dot(found.inequality, x)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gap", action="store_true", help="also run the five-party gap search")
    args = parser.parse_args()
    bench_min_cut()
    bench_min_cut(n=3, k=10, count=5)  # large bulk: where the gadget max-flow pays off
    bench_proofs()
    bench_build()
    if args.gap:
        bench_gap()
