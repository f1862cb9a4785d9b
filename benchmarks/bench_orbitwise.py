"""Orbit-wise (adjacency decomposition) H->V against plain pycddlib and PyNormaliz.

Run by hand:  .venv/bin/python benchmarks/bench_orbitwise.py [--cap SECONDS] [--cones gamma4 ingleton4 gamma5]
Each reference runs in a subprocess killed after ``--cap`` seconds; when it is killed the
ratio is printed as a lower bound (">").  HEC_5 and other cones given as cdd ``.ine`` files
go through ``bench_ine(path, group)``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from itertools import combinations

import numpy as np

from cones.space import subset_masks
from polytopes.adjacency import rays_by_orbits
from polytopes.group import PermutationGroup


def party_group(n: int) -> PermutationGroup:
    masks = subset_masks(n)

    def relabel(p):
        return lambda m: sum(1 << p[i] for i in range(n) if m >> i & 1)

    return PermutationGroup.from_action(masks, [relabel([1, 0] + list(range(2, n))), relabel(list(range(1, n)) + [0])])


def elemental(n: int) -> np.ndarray:
    index = {m: i for i, m in enumerate(subset_masks(n))}
    full = (1 << n) - 1

    def row(terms):
        v = np.zeros(len(index), dtype=np.int64)
        for c, m in terms:
            if m:
                v[index[m]] += c
        return v

    rows = [row([(1, full), (-1, full & ~(1 << i))]) for i in range(n)]
    for i, j in combinations(range(n), 2):
        rest = [k for k in range(n) if k not in (i, j)]
        for size in range(len(rest) + 1):
            for K in combinations(rest, size):
                k = sum(1 << x for x in K)
                rows.append(row([(1, k | 1 << i), (1, k | 1 << j), (-1, k | 1 << i | 1 << j), (-1, k)]))
    return np.array(rows)


def ingleton4() -> np.ndarray:
    """Gamma4 cut by the 6 Ingleton instances (35 rays)."""
    index = {m: i for i, m in enumerate(subset_masks(4))}

    def mi(x, y, z=0):
        v = np.zeros(15, dtype=np.int64)
        for c, m in ((1, x | z), (1, y | z), (-1, x | y | z), (-1, z)):
            if m:
                v[index[m]] += c
        return v

    ingleton = mi(1, 2, 4) + mi(1, 2, 8) + mi(4, 8) - mi(1, 2)
    return np.vstack([elemental(4), party_group(4).orbit(ingleton)])


def _plain_cdd(A, queue):
    import cdd.gmp as gmp
    import cdd

    t = time.perf_counter()
    m = gmp.matrix_from_array([[0, *a] for a in A.tolist()], rep_type=cdd.RepType.INEQUALITY)
    count = len(gmp.copy_generators(gmp.polyhedron_from_matrix(m)).array)
    queue.put((time.perf_counter() - t, count))


def _normaliz(A, queue):
    import PyNormaliz

    t = time.perf_counter()
    cone = PyNormaliz.Cone(inequalities=A.tolist())
    count = len(cone.ExtremeRays())
    queue.put((time.perf_counter() - t, count))


def _capped(target, A, cap):
    """(seconds, count) of ``target`` in a subprocess, or (None, None) after ``cap`` seconds."""
    queue = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=target, args=(A, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None
    return queue.get() if not queue.empty() else (None, None)


def bench(name, A, group, cap, executor=None):
    t = time.perf_counter()
    result = rays_by_orbits(A, [], group, executor=executor, progress=False)
    ours = time.perf_counter() - t
    print(f"{name}: {len(A)} facets -> {result.total} rays in {len(result)} orbits; orbit-wise {ours:.2f} s "
          f"(expanded {result.expanded}, deferred {result.deferred})")
    references = [("pycddlib", _plain_cdd)]
    try:
        import PyNormaliz  # noqa: F401

        references.append(("PyNormaliz", _normaliz))
    except ImportError:
        print("  PyNormaliz: not installed")
    for label, target in references:
        seconds, count = _capped(target, A, cap)
        if seconds is None:
            print(f"  {label}: did not finish in {cap} s; ratio > {cap / ours:.1f}")
        else:
            print(f"  {label}: {seconds:.2f} s, {count} rays; ratio {seconds / ours:.2f}")


def read_ine(path) -> np.ndarray:
    """Inequality rows ``a`` (``a . x >= 0``) of a homogeneous cdd ``.ine`` file."""
    lines = open(path).read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "begin")
    m, width = (int(v) for v in lines[start + 1].split()[:2])
    rows = [[int(v) for v in lines[start + 2 + k].split()] for k in range(m)]
    if any(r[0] for r in rows):
        raise ValueError(f"{path}: not a cone (non-zero constant column)")
    return np.array([r[1:] for r in rows], dtype=np.int64).reshape(m, width - 1)


def bench_ine(path, group: PermutationGroup, cap: float = 600):
    """Benchmark H->V on a cone read from a cdd ``.ine`` file (e.g. the 372 HEC_5 facets with S_6)."""
    bench(str(path), read_ine(path), group, cap)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cap", type=float, default=600.0, help="time cap of each reference run, seconds")
    parser.add_argument("--cones", nargs="*", default=["gamma4", "ingleton4", "gamma5"])
    args = parser.parse_args()
    cones = {
        "gamma4": lambda: ("Gamma4", elemental(4), party_group(4)),
        "ingleton4": lambda: ("Gamma4 + Ingleton", ingleton4(), party_group(4)),
        "gamma5": lambda: ("Gamma5", elemental(5), party_group(5)),
    }
    for key in args.cones:
        name, A, group = cones[key]()
        bench(name, A, group, args.cap)


if __name__ == "__main__":
    main()
