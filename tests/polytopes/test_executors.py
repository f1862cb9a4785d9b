"""Executors for batch jobs: serial, process pool, any concurrent.futures executor, Dask."""

import concurrent.futures as cf
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from polytopes.adjacency import rays_by_orbits
from polytopes.executors import LOCAL_POOL_ITEMS, executor_for, local_pool, map_unordered, worker_count

from tests.polytopes.test_adjacency import elemental, party_group, symmetric_test_cone  # noqa: E402


def square(x):
    return x * x


def fail_on_three(x):
    if x == 3:
        raise ArithmeticError("three")
    return x


@pytest.mark.parametrize("spec", [None, "serial", "processes", 2])
def test_map_unordered_returns_every_result(spec):
    pairs = dict(map_unordered(square, range(20), spec))
    assert pairs == {x: x * x for x in range(20)}


def test_map_unordered_with_a_given_executor_leaves_it_open():
    with cf.ThreadPoolExecutor(2) as pool:
        assert sorted(r for _, r in map_unordered(square, [3, 1, 2], pool)) == [1, 4, 9]
        assert pool.submit(square, 5).result() == 25


def test_worker_count():
    assert worker_count(None) == 1
    with cf.ThreadPoolExecutor(3) as pool:
        assert worker_count(pool) == 3
    with executor_for(2) as pool:
        assert worker_count(pool) == 2


def test_map_unordered_reraises():
    with pytest.raises(ArithmeticError, match="three"):
        list(map_unordered(fail_on_three, range(5), "processes"))


@pytest.mark.parametrize("spec, error", [("threads", ValueError), (object(), TypeError), (0, ValueError)])
def test_bad_executor(spec, error):
    with pytest.raises(error):
        with executor_for(spec):
            pass


def test_orbitwise_enumeration_on_a_process_pool_matches_serial():
    H, G = symmetric_test_cone()
    serial = rays_by_orbits(H, [], G, executor="serial", progress=False)
    pooled = rays_by_orbits(H, [], G, executor="processes", progress=False)
    assert (serial.representatives == pooled.representatives).all()
    assert (serial.orbit_sizes == pooled.orbit_sizes).all()


@pytest.fixture(scope="module")
def dask_client():
    """A real Dask LocalCluster with two worker processes (one thread each)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_local_cluster_runs_the_same_enumeration(dask_client):
    A, G = elemental(4), party_group(4)
    local = rays_by_orbits(A, [], G, executor="serial", progress=False)
    H, G3 = symmetric_test_cone()
    local3 = rays_by_orbits(H, [], G3, executor="serial", progress=False)
    remote = rays_by_orbits(A, [], G, executor=dask_client, progress=False)
    remote3 = rays_by_orbits(H, [], G3, executor=dask_client.scheduler.address, progress=False)
    assert len(dask_client.run(os.getpid)) == 2 and worker_count(dask_client.get_executor()) == 2
    assert (remote.representatives == local.representatives).all()
    assert (remote.orbit_sizes == local.orbit_sizes).all() and remote.total == 41
    assert (remote3.representatives == local3.representatives).all()
    assert np.array_equal(remote3.all_rows(), local3.all_rows())


def test_dask_local_cluster_runs_the_same_contraction_proofs(dask_client):
    from cones.holographic.contraction import Invalid, NoContraction, Proved, prove_many
    from cones.expressions import parse_inequality
    from cones.space import EntropySpace

    def mmi(x, y, z):
        return f"S({x}{y})+S({y}{z})+S({x}{z}) >= S({x})+S({y})+S({z})+S({x}{y}{z})"

    texts = [
        (2, "S(A)+S(B) >= S(AB)"),  # SA
        (3, "S(AB)+S(BC) >= S(B)+S(ABC)"),  # SSA
        (3, mmi("A", "B", "C")),
        (4, mmi("A", "B", "CD")),
        (4, mmi("AD", "B", "C")),
        (4, "S(ABC)+S(BCD) >= S(BC)+S(ABCD)"),  # SSA
        (3, "S(A)+S(B) >= S(AB)+S(C)"),  # invalid
        (3, "S(A)+S(B)+S(C)+S(ABC) >= S(AB)+S(BC)+S(AC)"),  # reversed MMI: invalid
    ]
    inequalities = [parse_inequality(text, EntropySpace(n)) for n, text in texts]
    local = prove_many(inequalities, executor="serial")
    remote = prove_many(inequalities, executor=dask_client)
    assert remote == local
    assert [type(r) for r in remote] == [Proved] * 6 + [Invalid] * 2
    # options reach the workers: without the counterexample search the last one is only unproved
    unrefuted = prove_many(inequalities[-1:], executor=dask_client, counterexample=False)
    assert unrefuted == prove_many(inequalities[-1:], executor="serial", counterexample=False)
    assert isinstance(unrefuted[0], NoContraction)


def test_local_pool_only_for_enough_items_and_never_over_a_given_executor():
    assert local_pool(None, LOCAL_POOL_ITEMS - 1) is None
    assert local_pool(None, LOCAL_POOL_ITEMS) == "processes"
    assert local_pool("serial", 10**6) == "serial" and local_pool(2, 1) == 2
