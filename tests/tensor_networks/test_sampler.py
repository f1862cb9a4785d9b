import concurrent.futures as cf
from math import log

import numpy as np
import pytest

from cones.tensor_networks import Network
from cones.tensor_networks.replica import replica_moments
from cones.tensor_networks.sampler import boundary_state, contraction_path, region_spectrum, sample

NET = Network(3, [("A", "x", 2, ["1/5", "4/5"]), ("B", "y", 2), ("C", "z", 2, ["2/3", "1/3"]), ("x", "y", 2),
                  ("y", "z", 2, ["1/4", "3/4"]), ("z", "x", 2), ("x", "O", 2), ("A", "O", 2, ["1/3", "2/3"])])


def test_mean_of_tr_rho_squared_matches_the_exact_replica_value():
    """Statistical tolerance: every region within 4 standard errors (sample estimate) at 1500 samples."""
    out = sample(NET, 1500, seed=7, orders=(2,), progress=False)
    mean, error = out.mean_moment(2)
    exact = np.array([float(v) for v in replica_moments(NET, 2)])
    assert np.all(np.abs(mean - exact) <= 4 * error)
    assert np.all(error < 0.1 * exact)  # the test has power: errors are small against the values
    assert abs(out.norms.mean() - 1) <= 4 * out.norms.std(ddof=1) / np.sqrt(len(out))


def test_seeded_reproducible_and_independent_of_the_executor():
    first = sample(NET, 6, seed=3, progress=False)
    again = sample(NET, 6, seed=3, progress=False)
    with cf.ThreadPoolExecutor(2) as pool:
        pooled = sample(NET, 6, seed=3, executor=pool, progress=False)
    processes = sample(NET, 6, seed=3, executor=2, progress=False)  # a local pool of two processes
    other = sample(NET, 6, seed=4, progress=False)
    assert np.array_equal(first.von_neumann, again.von_neumann)
    assert np.array_equal(first.von_neumann, pooled.von_neumann)
    assert np.array_equal(first.von_neumann, processes.von_neumann)
    assert not np.allclose(first.von_neumann, other.von_neumann)


def test_naive_and_optimised_paths_give_the_same_state():
    naive = boundary_state(NET, np.random.default_rng(5), contraction_path(NET, optimize=False))
    best = boundary_state(NET, np.random.default_rng(5), contraction_path(NET, optimize=True))
    assert naive.shape == (4, 2, 2, 4)
    assert np.allclose(naive, best)


def test_entropies_are_those_of_the_spectra_and_pure():
    out = sample(NET, 3, seed=0, orders=(2, 3), keep=["AB", "CO"], progress=False)
    space = NET.space
    for i in range(3):
        p = out.spectra["AB"][i]
        assert p.sum() == pytest.approx(1)
        assert out.von_neumann[i, space.subset_coordinate("AB")] == pytest.approx(-(p * np.log(p)).sum())
        assert out.renyi[3][i, space.subset_coordinate("AB")] == pytest.approx(log((p ** 3).sum()) / -2)
        q = out.spectra["CO"][i]  # the complement of AB: same non-zero spectrum
        assert np.allclose(p[:len(q)], q[:len(p)])


def test_single_link_state_and_bad_input():
    psi = boundary_state(Network(1, [("A", "O", 3, ["1/2", "1/3", "1/6"])]), np.random.default_rng(0))
    assert np.allclose(np.sort(region_spectrum(psi, 1)), [1 / 6, 1 / 3, 1 / 2])
    with pytest.raises(ValueError, match="samples must be a positive integer"):
        sample(NET, 0)
    with pytest.raises(ValueError, match="Rényi orders"):
        sample(NET, 2, orders=(1,))
    with pytest.raises(ValueError, match="more than"):
        boundary_state(Network(1, [("A", "x", 4096), ("x", "O", 8192)]), np.random.default_rng(0))


def test_the_optimised_path_is_found_deterministically():
    import random
    random.seed(11)
    before = random.random()
    random.seed(11)
    assert contraction_path(NET) == contraction_path(NET)
    assert random.random() == before  # the caller's random state is left alone
