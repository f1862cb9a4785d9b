"""Benchmark of the holographic building blocks: min cuts, contraction proofs, graph realisations.

Run: ``.venv/bin/python benchmarks/bench_holographic_parts.py [--graphs 10000]``.  Times are CPU
seconds of this process (``time.process_time``), robust on a shared machine.

* min cuts: 10,000 random graphs (5 parties, 3 bulk vertices) by batched enumeration, against a
  plain networkx max-flow implementation (timed on a subset, compared per graph) and scipy max-flow;
* contraction: proofs of SA, MMI and the five-party cyclic inequality (all their S_6 images on
  5 parties), against the same SAT search without forced bits / shared variables;
* realisation: the HEC_3 and HEC_4 ray orbits (from the SA + MMI cone) and vectors of random
  five-party tree graphs, by the min-cut-pattern LP and by the fewest-bulk MILP;
* ``--hec5``: HEC_5 from the results store (derived on first use): the contraction proofs of
  all 372 facets, the realisations of the 19 ray orbits, and the stage times of its build;
  ``--build`` derives it from nothing in a temporary store instead, timing every stage.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time

import networkx as nx
import numpy as np

from cones.holographic.contraction import CubeMapCondition, LipschitzCondition, Proved, prove_by_contraction
from cones.holographic.realisation import Realised, realise_ray
from cones.holographic.graphs import Graph, boundary_names, entropy_vectors
from cones.space import EntropySpace
from polytopes._cdd import h_to_v
from polytopes import primitive


# -- min cuts -----------------------------------------------------------------------------------
def random_weight_matrices(count, n, k, seed=0):
    rng = np.random.default_rng(seed)
    size = n + 1 + k
    w = rng.integers(0, 4, (count, size, size)) * (rng.random((count, size, size)) < 0.5)
    w = np.triu(w, 1)
    return w + w.transpose(0, 2, 1)


def networkx_vector(mat, n):
    """Plain reference: a networkx minimum cut per subset."""
    space = EntropySpace(n)
    g = nx.Graph()
    g.add_nodes_from(range(mat.shape[0]))
    for i, j in zip(*np.nonzero(np.triu(mat, 1))):
        g.add_edge(int(i), int(j), capacity=int(mat[i, j]))
    out = []
    for mask in space.masks:
        h = g.copy()
        for b in range(n + 1):
            h.add_edge("s" if b < n and int(mask) >> b & 1 else "t", b)
        out.append(nx.minimum_cut(h, "s", "t")[0])
    return out


def bench_min_cuts(count=10_000, n=5, k=3, reference_count=100):
    mats = random_weight_matrices(count, n, k)
    t0 = time.process_time()
    ours = entropy_vectors(mats, n)
    t_ours = (time.process_time() - t0) / count
    t0 = time.process_time()
    for mat in mats[:reference_count]:
        Graph.from_weight_matrix(n, mat).entropy_vector("maxflow")
    t_scipy = (time.process_time() - t0) / reference_count
    t0 = time.process_time()
    reference = [networkx_vector(mat, n) for mat in mats[:reference_count]]
    t_nx = (time.process_time() - t0) / reference_count
    assert ours[:reference_count].tolist() == reference, "min-cut vectors disagree with networkx"
    print(f"min cuts: {count} graphs, n={n}, {k} bulk vertices")
    print(f"  enumeration (batched numpy): {t_ours * 1e6:9.1f} us/graph  total {t_ours * count:.2f} s")
    print(f"  scipy max-flow per subset  : {t_scipy * 1e6:9.1f} us/graph")
    print(f"  networkx reference         : {t_nx * 1e6:9.1f} us/graph  (on {reference_count} graphs)")
    print(f"  ratio networkx / ours      : {t_nx / t_ours:9.0f} x")


# -- contraction --------------------------------------------------------------------------------
class _UnpropagatedLipschitz(LipschitzCondition):
    """Reference: the same clauses without forced bits from distances or shared variables."""

    shared_inputs = CubeMapCondition.shared_inputs
    forced_bits = CubeMapCondition.forced_bits


def party_images(space, terms):
    """All images of ``[(coefficient, [party sets])]`` under permutations of the parties and O."""
    out = set()
    for perm in itertools.permutations(range(space.n + 1)):
        c = [0] * space.dim
        for coefficient, parties in terms:
            i = space.coordinate(sum(1 << perm[p] for p in parties))
            if i is not None:
                c[i] += coefficient
        out.add(primitive(c))
    return sorted(out)


def standard_inequalities():
    s5 = EntropySpace(5)
    sa = [(1, [0]), (1, [1]), (-1, [0, 1])]
    mmi = [(1, [0, 1]), (1, [1, 2]), (1, [0, 2]), (-1, [0]), (-1, [1]), (-1, [2]), (-1, [0, 1, 2])]
    mmi_composite = [(1, [0, 1, 2]), (1, [2, 3]), (1, [0, 1, 3]), (-1, [0, 1]), (-1, [2]), (-1, [3]), (-1, [0, 1, 2, 3])]
    cyclic = [(1, [i % 5, (i + 1) % 5, (i + 2) % 5]) for i in range(5)] + [(-1, [i % 5, (i + 1) % 5]) for i in range(5)] + [(-1, [0, 1, 2, 3, 4])]
    return {
        "SA (n=5)": party_images(s5, sa),
        "MMI (n=5)": party_images(s5, mmi),
        "MMI composite (n=5)": party_images(s5, mmi_composite),
        "cyclic (n=5)": party_images(s5, cyclic),
    }


def bench_contraction(inequalities, space, condition=None, label=""):
    """Time :func:`prove_by_contraction` on each inequality; returns the per-inequality seconds."""
    condition = condition or LipschitzCondition()
    times, proved = [], 0
    for q in inequalities:
        t0 = time.process_time()
        result = prove_by_contraction(q, space, condition=condition, domain="nested", counterexample=False)
        times.append(time.process_time() - t0)
        proved += isinstance(result, Proved)
    print(
        f"  {label:34s} {len(times):4d} inequalities, {proved:4d} proved, total {sum(times):7.3f} s, "
        f"median {statistics.median(times) * 1e3:6.2f} ms, max {max(times) * 1e3:7.2f} ms"
    )
    return times


# -- realisation --------------------------------------------------------------------------------
def hec_rays(n):
    """Extreme rays of the SA + MMI cone (= HEC_n for n <= 4), one per S_{n+1} orbit."""
    space = EntropySpace(n)
    rows = party_images(space, [(1, [0]), (1, [1]), (-1, [0, 1])]) + party_images(
        space, [(1, [0, 1]), (1, [1, 2]), (1, [0, 2]), (-1, [0]), (-1, [1]), (-1, [2]), (-1, [0, 1, 2])]
    )
    rays, _ = h_to_v(rows, [], space.dim)
    return sorted({min(party_images(space, [(v, list(p)) for v, p in _terms(space, r)])) for r in rays})


def _terms(space, ray):
    return [(int(v), [b for b in range(space.n) if int(m) >> b & 1]) for v, m in zip(ray, space.masks) if v]


def random_tree_vectors(count, n=5, k=3, seed=1):
    rng = np.random.default_rng(seed)
    names = boundary_names(n)
    out = []
    for _ in range(count):
        edges = [(b, f"y{rng.integers(k)}", int(rng.integers(1, 3))) for b in names]
        edges += [(f"y{i}", f"y{rng.integers(i)}", int(rng.integers(1, 4))) for i in range(1, k)]
        out.append(Graph(n, edges, vertices=names + [f"y{i}" for i in range(k)]).ray())
    return out


def bench_realisation(rays, label="", method="patterns"):
    """Time :func:`realise_ray` on each ray; returns the per-ray seconds."""
    times, found = [], 0
    for ray in rays:
        t0 = time.process_time()
        result = realise_ray(ray, method=method)
        times.append(time.process_time() - t0)
        found += isinstance(result, Realised)
    print(f"  {label:34s} {len(times):4d} rays, {found:4d} realised, total {sum(times):7.2f} s, max {max(times):6.2f} s")
    return times


def bench_hec5(build: bool):
    """Proofs of the 372 facets and realisations of the 19 ray orbits of HEC_5, and its build stages."""
    from cones.interface.store import Store, cached_build

    if build:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            hec5 = cached_build("holographic", 5, store=Store(folder), progress=False)
            print(f"HEC_5 derived from nothing in {time.perf_counter() - start:.1f} s wall-clock")
    else:
        hec5 = cached_build("holographic", 5, progress=False)
    print(f"HEC_5: {len(hec5.facets)} facets in {len(hec5.facet_orbits)} orbits, "
          f"{len(hec5.rays)} rays in {len(hec5.ray_orbits)} orbits; build stages (s): "
          + ", ".join(f"{k} {v:.1f}" for k, v in hec5.timings.items()))
    space = EntropySpace(5)
    bench_contraction([tuple(int(v) for v in a) for a in hec5.facets], space, label="HEC_5 facets (all 372)")
    rays = [tuple(int(v) for v in r) for r in hec5.ray_representatives]
    bench_realisation(rays, label="HEC_5 ray orbits, patterns LP")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=10_000)
    parser.add_argument("--hec5", action="store_true", help="also HEC_5 (from the results store)")
    parser.add_argument("--build", action="store_true", help="with --hec5: derive HEC_5 from nothing, timed")
    args = parser.parse_args()
    bench_min_cuts(args.graphs)
    print("contraction proofs (published reference: 372 HEC_5 facets in ~2 s, median 0.5 ms):")
    s5 = EntropySpace(5)
    ours = reference = 0.0
    for label, qs in standard_inequalities().items():
        ours += sum(bench_contraction(qs, s5, label=label))
        reference += sum(bench_contraction(qs, s5, _UnpropagatedLipschitz(), label=label + " [no propagation]"))
    print(f"  ratio no-propagation / ours: {reference / ours:.2f} x")
    print("graph realisations (published reference: 19 HEC_5 ray orbits in ~4.5 CPU-s):")
    for n in (3, 4):
        for method in ("patterns", "bulk"):
            bench_realisation(hec_rays(n), label=f"HEC_{n} ray orbits, {method}", method=method)
    for method in ("patterns", "bulk"):
        bench_realisation(random_tree_vectors(10), label=f"random 5-party trees, {method}", method=method)
    if args.hec5:
        bench_hec5(args.build)


if __name__ == "__main__":
    main()
