"""Orbit-wise (adjacency decomposition) H->V against plain pycddlib and PyNormaliz.

Run by hand:
    .venv/bin/python benchmarks/bench_orbitwise.py [--cap SECONDS] [--executor serial|processes|N]
                                                   [--cones gamma4 ingleton4 stab4 gamma5 hec5]

For each cone the orbit-wise enumeration runs first (``--executor``, default: the library
default, a local process pool for large searches), then plain pycddlib (exact GMP double
description) and PyNormaliz (all cores), each in a fresh subprocess killed after ``--cap``
seconds.  Printed: facets, rays, orbits, seconds, and the ratio reference / orbit-wise (a lower
bound ``>`` when the reference was killed).  Reference ray counts are checked against ours.

Cones: Gamma4, Gamma4 cut by the 6 Ingleton instances, the n=4 stabilizer cone (SSA and the
purified Ingleton instances, all 210 rows), Gamma5 (elemental Shannon
inequalities from ``cones.core.inequality_families``, group S_n) and HEC_5 (the outer bound of
``cones.holographic.build_holographic(5)``, read from the results store ``cones.interface.store`` or
built and stored on first use; group S_6).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import time

import numpy as np

from cones.core import inequality_families as families
from cones.space import EntropySpace
from polytopes.adjacency import rays_by_orbits
from polytopes.group import PermutationGroup


def shannon(n: int) -> tuple[str, np.ndarray, PermutationGroup]:
    space = EntropySpace(n, pure=False)
    return f"Gamma{n}", families.rows_of(families.elemental_shannon(space)), space.group


def shannon_ingleton4() -> tuple[str, np.ndarray, PermutationGroup]:
    space = EntropySpace(4, pure=False)
    rows = np.vstack([families.rows_of(families.elemental_shannon(space)), families.rows_of(families.ingleton(space))])
    return "Gamma4 + Ingleton", rows, space.group


def stabilizer4() -> tuple[str, np.ndarray, PermutationGroup]:
    """The n=4 stabilizer cone: SSA and the purified Ingleton instances (70 facets, 46 rays)."""
    space = EntropySpace(4, pure=True)
    rows = np.vstack([families.rows_of(families.ssa(space)), families.rows_of(families.purified_ingleton(space))])
    return "Stab4", rows, space.group


def holographic5() -> tuple[str, np.ndarray, PermutationGroup]:
    """The HEC_5 facets as the tool derives them, through the results store."""
    from cones.interface.store import cached_build, default_store

    print(f"HEC_5: loading from the results store {default_store()} (built and stored if absent)", flush=True)
    t = time.perf_counter()
    cone = cached_build("holographic", 5)
    print(f"HEC_5: outer bound ready in {time.perf_counter() - t:.1f} s", flush=True)
    return "HEC5", np.asarray(cone.outer.inequalities), cone.group


CONES = {
    "gamma4": lambda: shannon(4),
    "ingleton4": shannon_ingleton4,
    "stab4": stabilizer4,
    "gamma5": lambda: shannon(5),
    "hec5": holographic5,
}


def _plain_cdd(A, queue):
    import cdd
    import cdd.gmp as gmp

    t = time.perf_counter()
    m = gmp.matrix_from_array([[0, *a] for a in A.tolist()], rep_type=cdd.RepType.INEQUALITY)
    count = sum(1 for row in gmp.copy_generators(gmp.polyhedron_from_matrix(m)).array if any(row[1:]))
    queue.put((time.perf_counter() - t, count))


def _normaliz(A, queue):
    import PyNormaliz

    t = time.perf_counter()
    count = len(PyNormaliz.Cone(inequalities=A.tolist()).ExtremeRays())
    queue.put((time.perf_counter() - t, count))


def _capped(target, A, cap):
    """(seconds, count) of ``target`` in a fresh (spawned) subprocess, or (None, None) after ``cap`` seconds."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    proc = context.Process(target=target, args=(A, queue))
    proc.start()
    t = time.perf_counter()
    while proc.is_alive() and queue.empty() and time.perf_counter() - t < cap:
        time.sleep(0.05)
    result = queue.get() if not queue.empty() else (None, None)
    proc.kill()
    proc.join()
    return result


def bench(name, A, group, cap, executor=None):
    t = time.perf_counter()
    result = rays_by_orbits(A, [], group, executor=executor, progress=False)
    ours = time.perf_counter() - t
    print(f"{name}: {len(A)} facets -> {result.total} rays in {len(result)} orbits under a group of order "
          f"{group.order}; orbit-wise {ours:.2f} s (executor={executor!r}, expanded {result.expanded}, "
          f"deferred {result.deferred})", flush=True)
    for label, target in (("pycddlib", _plain_cdd), (f"PyNormaliz ({os.cpu_count()} threads)", _normaliz)):
        seconds, count = _capped(target, A, cap)
        if seconds is None:
            print(f"  {label}: did not finish in {cap:.0f} s; ratio > {cap / ours:.1f}", flush=True)
        else:
            agree = "same count" if count == result.total else f"COUNT DIFFERS ({count})"
            print(f"  {label}: {seconds:.2f} s, {count} rays ({agree}); ratio {seconds / ours:.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cap", type=float, default=600.0, help="time cap of each reference run, seconds")
    parser.add_argument("--executor", default=None, help="orbit-wise executor: serial, processes or a number of processes")
    parser.add_argument("--cones", nargs="*", default=list(CONES), choices=list(CONES))
    args = parser.parse_args()
    executor = int(args.executor) if args.executor and args.executor.isdigit() else args.executor
    for key in args.cones:
        name, A, group = CONES[key]()
        bench(name, A, group, args.cap, executor)


if __name__ == "__main__":
    main()
