"""Executors for batch jobs: serial, process pool, any concurrent.futures executor, Dask."""

import concurrent.futures as cf
import sys
from pathlib import Path

import numpy as np
import pytest

from polytopes.adjacency import rays_by_orbits
from polytopes.executors import executor_for, map_unordered

sys.path.insert(0, str(Path(__file__).parent))
from test_adjacency import elemental, party_group, symmetric_test_cone  # noqa: E402


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


def test_dask_local_cluster_runs_the_same_enumeration():
    distributed = pytest.importorskip("distributed")
    A, G = elemental(4), party_group(4)
    local = rays_by_orbits(A, [], G, executor="serial", progress=False)
    H, G3 = symmetric_test_cone()
    local3 = rays_by_orbits(H, [], G3, executor="serial", progress=False)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        remote = rays_by_orbits(A, [], G, executor=client, progress=False)
        remote3 = rays_by_orbits(H, [], G3, executor=cluster.scheduler_address, progress=False)
        workers = {w for w in client.run(lambda: 1)}
    assert len(workers) == 2
    assert (remote.representatives == local.representatives).all()
    assert (remote.orbit_sizes == local.orbit_sizes).all() and remote.total == 41
    assert (remote3.representatives == local3.representatives).all()
    assert np.array_equal(remote3.all_rows(), local3.all_rows())
