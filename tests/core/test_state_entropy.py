"""Numerical entropies of states and distributions, against closed forms and exact stabilizer ranks."""

import math
from itertools import product

import numpy as np
import pytest

import cones
from cones.core.state_entropy import distribution_entropy_vector, haar_random_state, spectrum_entropy, state_entropy_vector


def _h(p, alpha=1.0):
    if alpha == 1.0:
        return -sum(q * math.log2(q) for q in (p, 1 - p) if q > 0)
    return math.log2(p**alpha + (1 - p) ** alpha) / (1 - alpha)


def _ghz_like(theta, phases):
    """cos(t)|000> + e^{i phi} sin(t)|111>, then a random diagonal phase gate on each qubit."""
    psi = np.zeros(8, dtype=complex)
    psi[0], psi[7] = math.cos(theta), math.sin(theta) * np.exp(1j * phases[0])
    for q, (a, b) in enumerate(phases[1:].reshape(3, 2)):
        gate = np.diag([np.exp(1j * a), np.exp(1j * b)])
        psi = np.moveaxis(np.tensordot(gate, np.moveaxis(psi.reshape(2, 2, 2), q, 0), axes=1), 0, q).ravel()
    return psi


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_phase_ghz_like_state_matches_the_binary_entropy(seed):
    rng = np.random.default_rng(seed)
    theta, phases = rng.uniform(0.1, 1.4), rng.uniform(0, 2 * math.pi, size=7)
    psi = _ghz_like(theta, phases)
    p = math.cos(theta) ** 2
    for alpha in (1.0, 2.0, 0.5):
        expected = [_h(p, alpha)] * 6 + [0.0]
        assert np.allclose(cones.entropy_vector(psi, (2, 2, 2), alpha=alpha), expected, atol=1e-10)
        rho = np.outer(psi, psi.conj())
        assert np.allclose(cones.entropy_vector(rho, (2, 2, 2), alpha=alpha), expected, atol=1e-10)
    mixed = cones.entropy_vector(psi, (2, 2, 2), parties=[[0], [1]])  # C becomes the purifier
    assert np.allclose(mixed, [_h(p)] * 3, atol=1e-10)


def _graph_state_vector(edges, m):
    amplitudes = []
    for bits in product((0, 1), repeat=m):
        sign = sum(bits[i] * bits[j] for i, j in edges) % 2
        amplitudes.append((-1) ** sign)
    return np.array(amplitudes, dtype=float) / 2 ** (m / 2)


def test_float_entropies_of_graph_states_match_the_exact_ranks():
    rng = np.random.default_rng(5)
    for _ in range(4):
        m = 5
        edges = [(i, j) for i in range(m) for j in range(i + 1, m) if rng.random() < 0.5]
        parties = [[0], [1, 2], [3]]
        exact = cones.entropy_vector(edges=edges, qubits=m, parties=parties)
        assert exact.dtype == np.int64
        numeric = cones.entropy_vector(_graph_state_vector(edges, m), (2,) * m, parties=parties)
        assert np.allclose(numeric, exact, atol=1e-9)


def test_stabilizer_tableau_and_state_objects_are_exact():
    ghz = cones.ghz_state(4)
    assert cones.entropy_vector(ghz, parties=[[0], [1], [2]]).tolist() == [1] * 7
    assert cones.entropy_vector(tableau=ghz.tableau, parties=[[0], [1], [2]]).tolist() == [1] * 7


def test_classical_distributions():
    p = np.zeros((2, 2, 2))
    for a, b in product((0, 1), repeat=2):
        p[a, b, a ^ b] = 0.25  # C = A xor B
    assert np.allclose(distribution_entropy_vector(p), [1, 1, 1, 2, 2, 2, 2])
    assert np.allclose(cones.entropy_vector(distribution=p * 7), [1, 1, 1, 2, 2, 2, 2])  # normalised
    with pytest.raises(ValueError, match="non-negative"):
        distribution_entropy_vector(-p)


def test_haar_random_states_satisfy_ssa_and_bad_input_is_named():
    rng = np.random.default_rng(3)
    space = cones.EntropySpace(3)
    for _ in range(20):
        x = state_entropy_vector(haar_random_state((2, 2, 2, 2), rng), (2, 2, 2, 2), parties=[[0], [1], [2]])
        assert not [v for v in cones.violations(x, space) if v.family in ("sa", "ssa", "wm", "al")]
    with pytest.raises(ValueError, match="dims"):
        state_entropy_vector(np.ones(8), (2, 2))
    with pytest.raises(ValueError, match="Hermitian"):
        state_entropy_vector(np.triu(np.ones((4, 4))), (2, 2))
    with pytest.raises(ValueError, match="exactly one"):
        cones.entropy_vector()
    assert spectrum_entropy([1, 1, 1, 1], alpha=math.inf) == pytest.approx(2.0)
