"""Stabilizer states over GF(p): validation, exact-rank entropies against state vectors,
constructors (GHZ, graph, CSS, perfect tensors, bulk-free hypergraphs), certificates."""

from itertools import combinations

import numpy as np
import pytest

from cones.core.certificate_kinds import certificate_kinds
from cones.space import EntropySpace
from cones.stabilizer.states import (
    StabilizerRealisation,
    StabilizerState,
    bell_pair,
    css_state,
    ghz_state,
    gfp_ranks,
    graph_state,
    hypergraph_state,
    parties_from_assignment,
    perfect_tensor_4_qutrits,
    perfect_tensor_6_qubits,
    symplectic_form,
)


# -- independent reference: the state vector -----------------------------------------------
def _weyl(x, z, p):
    """Matrix of X^x Z^z on len(x) qudits (Hermitian Pauli for p = 2)."""
    w = np.exp(2j * np.pi / p)
    shift = np.roll(np.eye(p), 1, axis=0)  # X|j> = |j+1>
    clock = np.diag(w ** np.arange(p))  # Z|j> = w^j |j>
    op = np.ones((1, 1), dtype=complex)
    for a, b in zip(x, z):
        op = np.kron(op, np.linalg.matrix_power(shift, int(a)) @ np.linalg.matrix_power(clock, int(b)))
    if p == 2:
        op = op * 1j ** int(np.dot(x, z) % 4)
    return op


def _state_vector(state: StabilizerState) -> np.ndarray:
    """The +1 joint eigenvector of the generators, by projecting a random vector."""
    p, m = state.p, state.num_qudits
    psi = np.random.default_rng(1).normal(size=p**m) + 1j * np.random.default_rng(2).normal(size=p**m)
    for row in state.tableau:
        g = _weyl(row[:m], row[m:], p)
        power, projector = np.eye(p**m, dtype=complex), np.zeros((p**m, p**m), dtype=complex)
        for _ in range(p):
            projector += power
            power = power @ g
        psi = projector @ psi / p
    assert np.linalg.norm(psi) > 1e-6
    return psi / np.linalg.norm(psi)


def _schmidt_entropy(psi, p, m, subset) -> int:
    """log_p of the Schmidt rank across subset | rest (stabilizer spectra are flat: checked)."""
    rest = [q for q in range(m) if q not in subset]
    mat = np.transpose(psi.reshape((p,) * m), list(subset) + rest).reshape(p ** len(subset), -1)
    s = np.linalg.svd(mat, compute_uv=False) ** 2
    s = s[s > 1e-9]
    assert np.allclose(s, s[0])  # flat spectrum
    k = round(np.log(len(s)) / np.log(p))
    assert p**k == len(s)
    return k


def _transvected(state: StabilizerState, rng, steps: int = 4) -> StabilizerState:
    """A different stabilizer state: the tableau under random symplectic transvections
    v -> v + omega(v, h) h (global Cliffords), then mixed by a random invertible row operation."""
    table, p = state.tableau.copy(), state.p
    for _ in range(steps):
        h = rng.integers(0, p, table.shape[1])
        table = (table + symplectic_form(table, h[None], p) * h[None]) % p
    while True:
        mix = rng.integers(0, p, (len(table), len(table)))
        if gfp_ranks(mix, p) == len(table):
            return StabilizerState(mix @ table % p, p)


def _random_graph(m, p, rng):
    a = np.triu(rng.integers(0, p, (m, m)), 1)
    return a + a.T


def _all_subsets(m):
    return [list(c) for k in range(1, m) for c in combinations(range(m), k)]


CASES = [
    ("ghz3_p2", lambda rng: ghz_state(3)),
    ("ghz3_p5", lambda rng: ghz_state(3, 5)),
    ("bell_p3", lambda rng: bell_pair(3)),
    ("graph6_p2", lambda rng: graph_state(_random_graph(6, 2, rng))),
    ("graph4_p3", lambda rng: graph_state(_random_graph(4, 3, rng), 3)),
    ("transvected5_p2", lambda rng: _transvected(graph_state(_random_graph(5, 2, rng)), rng)),
    ("transvected3_p3", lambda rng: _transvected(ghz_state(3, 3), rng)),
    ("transvected3_p5", lambda rng: _transvected(graph_state(_random_graph(3, 5, rng), 5), rng)),
    ("ame43", lambda rng: perfect_tensor_4_qutrits()),
    ("ame62", lambda rng: perfect_tensor_6_qubits()),
]


@pytest.mark.parametrize("name,make", CASES, ids=[c[0] for c in CASES])
def test_entropies_match_state_vector(name, make):
    state = make(np.random.default_rng(7))
    psi = _state_vector(state)
    subsets = _all_subsets(state.num_qudits)
    expected = [_schmidt_entropy(psi, state.p, state.num_qudits, s) for s in subsets]
    assert state.entropies(subsets).tolist() == expected


def test_entropy_formula_both_sides_and_bitmasks():
    state = _transvected(graph_state(_random_graph(6, 2, np.random.default_rng(3))), np.random.default_rng(4))
    m = state.num_qudits
    by_mask = state.entropies(range(1 << m))
    complement = state.entropies([(1 << m) - 1 - y for y in range(1 << m)])
    assert by_mask.tolist() == complement.tolist()  # S(Y) = S(Y^c)
    assert by_mask[0] == 0 and by_mask[-1] == 0
    assert state.entropy([0, 2]) == by_mask[0b101]


def test_perfect_tensors_are_absolutely_maximally_entangled():
    ame43 = perfect_tensor_4_qutrits()
    assert ame43.p == 3 and set(ame43.entropies([list(c) for c in combinations(range(4), 2)]).tolist()) == {2}
    ame62 = perfect_tensor_6_qubits()
    assert set(ame62.entropies([list(c) for c in combinations(range(6), 3)]).tolist()) == {3}
    # The complete graph K4 with unit weights over GF(3) is NOT absolutely maximally entangled.
    k4 = graph_state(np.ones((4, 4), dtype=int) - np.eye(4, dtype=int), 3)
    assert 1 in k4.entropies([[0, 1], [0, 2], [0, 3]]).tolist()


def test_ghz_and_bell_vectors():
    assert ghz_state(4).entropy_vector([[0], [1], [2]]).tolist() == [1] * 7
    assert bell_pair().entropy_vector([[0], [1]]).tolist() == [1, 1, 0]
    assert bell_pair(7).entropy_vector([[0], []]).tolist() == [1, 0, 1]


def test_tensor_product_adds_entropies():
    a, b = ghz_state(3), perfect_tensor_6_qubits()
    both = a.tensor(b)
    assert both.num_qudits == 9
    parties = [[0, 3, 4], [1, 5], [6, 7]]
    expected = a.entropy_vector([[0], [1], []]) + b.entropy_vector([[0, 1], [2], [3, 4]])
    assert both.entropy_vector(parties).tolist() == expected.tolist()
    with pytest.raises(ValueError, match="dimension"):
        a.tensor(bell_pair(3))


def test_css_state_and_equality():
    ame = perfect_tensor_4_qutrits()
    assert ame == css_state([[1, 1, 2, 0], [0, 1, 1, 2]], 3)  # another basis of the same code
    assert ame != ghz_state(4, 3)


def _min_cut(hyperedges, n, mask):
    """S_I of a bulk-free hypergraph: total weight of hyperedges split by I (I = mask)."""
    total = 0
    for edge, w in hyperedges:
        inside = [v for v in edge if mask >> v & 1]
        total += w if 0 < len(inside) < len(edge) else 0
    return total


@pytest.mark.parametrize("n", [2, 3, 4])
def test_hypergraph_state_realises_min_cuts(n):
    rng = np.random.default_rng(n)
    space = EntropySpace(n)
    for _ in range(5):
        edges = []
        for _ in range(4):
            size = int(rng.integers(2, n + 2))
            edges.append((tuple(rng.choice(n + 1, size, replace=False).tolist()), int(rng.integers(1, 3))))
        realisation = hypergraph_state(edges, n)
        expected = [_min_cut(edges, n, int(mask)) for mask in space.masks]
        assert realisation.entropy_vector().tolist() == expected


def test_hypergraph_labels_and_errors():
    r = hypergraph_state({"AB": 2, "ABC": 1, "BO": 3}, 3)
    assert r.entropy_vector().tolist() == [3, 6, 1, 4, 3, 6, 3]
    with pytest.raises(ValueError, match="unknown vertex"):
        hypergraph_state({"AZ": 1}, 3)
    with pytest.raises(ValueError, match="weight"):
        hypergraph_state([((0, 1), -1)], 3)
    with pytest.raises(ValueError, match="distinct"):
        hypergraph_state([((0, 0), 1)], 3)


# -- bad input ----------------------------------------------------------------------------------
def test_non_commuting_generators():
    with pytest.raises(ValueError, match="generators 0 and 1 do not commute"):
        StabilizerState([[1, 0], [0, 1]])  # X and Z on one qubit
    StabilizerState([[1, 1, 0, 0], [0, 0, 1, 1]], 2)  # XX and ZZ commute for qubits...
    with pytest.raises(ValueError, match="generators 0 and 1 do not commute"):
        StabilizerState([[1, 1, 0, 0], [0, 0, 1, 1]], 3)  # ...but not for qutrits (form 2 mod 3)


def test_dependent_and_non_maximal_generators():
    with pytest.raises(ValueError, match="dependent"):
        StabilizerState([[1, 1, 0, 0], [1, 1, 0, 0]])
    with pytest.raises(ValueError, match="dependent"):
        StabilizerState([[1, 1, 0, 0], [2, 2, 0, 0]], 3)  # a multiple mod 3
    with pytest.raises(ValueError, match="not maximal"):
        StabilizerState([[1, 1, 0, 0]])


def test_non_prime_dimension_and_bad_types():
    for p in (1, 4, 6, 9):
        with pytest.raises(ValueError, match="not prime"):
            ghz_state(2, p)
    with pytest.raises(TypeError):
        StabilizerState([[1, 0]], 2.0)
    with pytest.raises(TypeError):
        StabilizerState([[0.5, 0]], 2)
    with pytest.raises(ValueError, match="k x 2m"):
        StabilizerState([[1, 0, 0]])
    with pytest.raises(ValueError, match="symmetric"):
        graph_state([[0, 1], [0, 0]])


def test_qudits_assigned_twice_or_out_of_range():
    state = ghz_state(3)
    with pytest.raises(ValueError, match="assigned to two parties"):
        state.entropy_vector([[0, 1], [1]])
    with pytest.raises(ValueError, match="not in range"):
        state.entropy_vector([[0], [5]])
    with pytest.raises(TypeError, match="parties_from_assignment"):
        state.entropy_vector([0, 1, 2])
    with pytest.raises(ValueError, match="not a party"):
        parties_from_assignment([0, 4], 3)
    assert parties_from_assignment([0, 3, 1, 0], 3) == ((0, 3), (2,), ())


def test_realisation_certificate_round_trip():
    r = StabilizerRealisation(perfect_tensor_4_qutrits(), parties_from_assignment([0, 1, 2, 3], 3))
    assert r.assignment == (0, 1, 2, 3) and r.n == 3
    assert r.verify([1, 1, 1, 2, 2, 2, 1]) and r.verify([2, 2, 2, 4, 4, 4, 2])
    assert not r.verify([1, 1, 1, 1, 1, 1, 1]) and not r.verify([-1, -1, -1, -2, -2, -2, -1])
    again = StabilizerRealisation.from_json(r.to_json())
    assert again.state == r.state and again.parties == r.parties
    assert certificate_kinds()["stabilizer-realisation"] is StabilizerRealisation
    with pytest.raises(ValueError, match="two parties"):
        StabilizerRealisation(ghz_state(2), ((0,), (0,)))


def test_gfp_ranks_large_prime_and_limits():
    rows = np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]])
    assert gfp_ranks(rows, 2_147_483_647) == 2
    assert gfp_ranks(np.stack([rows, np.eye(3, dtype=int)]), 7).tolist() == [2, 3]
    with pytest.raises(ValueError, match="too large"):
        gfp_ranks(rows, 2_147_483_659)
