"""Batched graph-state entropies S(Y) = rank_GF(2) Gamma[Y, Y^c]: against the stabilizer
tableau, against state vectors, and the six-qubit census (760 vectors in 26 orbits)."""

from itertools import combinations

import numpy as np
import pytest

from cones.stabilizer.graph_states import (
    all_graphs,
    assignment_masks,
    edges_to_adjacency,
    gf2_ranks,
    graph_state_entropy_vector,
    graph_state_entropy_vectors,
    pack_adjacency,
    subset_entropy_table,
    unpack_adjacency,
)
from cones.space import EntropySpace
from cones.stabilizer.states import gfp_ranks, graph_state


def _random_adjacency(m, rng, count=None):
    shape = (m, m) if count is None else (count, m, m)
    a = np.triu(rng.integers(0, 2, shape), 1)
    return a + np.swapaxes(a, -1, -2)


def _graph_state_vector(adjacency):
    """|G> = 2^{-m/2} sum_x (-1)^{sum_{i<j} Gamma_ij x_i x_j} |x> (qubit 0 = most significant)."""
    m = len(adjacency)
    x = (np.arange(1 << m)[:, None] >> np.arange(m - 1, -1, -1)) & 1
    phase = np.einsum("ki,ij,kj->k", x, np.triu(adjacency, 1), x) % 2
    return (-1.0) ** phase / np.sqrt(1 << m)


def _schmidt_entropy(psi, m, subset):
    rest = [q for q in range(m) if q not in subset]
    mat = np.transpose(psi.reshape((2,) * m), list(subset) + rest).reshape(1 << len(subset), -1)
    s = np.linalg.svd(mat, compute_uv=False) ** 2
    s = s[s > 1e-9]
    assert np.allclose(s, s[0])
    return int(round(np.log2(len(s))))


def test_pack_unpack_round_trip():
    rng = np.random.default_rng(0)
    a = _random_adjacency(9, rng, count=5)
    assert np.array_equal(unpack_adjacency(pack_adjacency(a)), a)
    assert pack_adjacency(edges_to_adjacency([(0, 1), (1, 2)], 3)).tolist() == [2, 5, 2]


def test_gf2_ranks_match_modular_elimination():
    rng = np.random.default_rng(1)
    bits = rng.integers(0, 2, (200, 7, 11))
    rows = (bits.astype(np.uint64) << np.arange(11, dtype=np.uint64)).sum(axis=2, dtype=np.uint64)
    assert gf2_ranks(rows).tolist() == gfp_ranks(bits, 2).tolist()


@pytest.mark.parametrize("m", [2, 5, 8])
def test_subset_table_matches_tableau_and_state_vector(m):
    rng = np.random.default_rng(m)
    graphs = _random_adjacency(m, rng, count=3)
    tables = subset_entropy_table(pack_adjacency(graphs))
    for a, table in zip(graphs, tables):
        assert table.tolist() == graph_state(a).entropies(range(1 << m)).tolist()
        psi = _graph_state_vector(a)
        for k in range(1, m // 2 + 1):
            for subset in combinations(range(m), k):
                assert table[sum(1 << q for q in subset)] == _schmidt_entropy(psi, m, list(subset))


def test_entropy_vectors_for_many_assignments():
    rng = np.random.default_rng(5)
    graphs = _random_adjacency(6, rng, count=4)
    assignments = rng.integers(0, 4, (10, 6))  # n = 3, value 3 = purifier
    vectors = graph_state_entropy_vectors(pack_adjacency(graphs), assignments, 3)
    assert vectors.shape == (4, 10, 7)
    for a, row in zip(graphs, vectors):
        state = graph_state(a)
        for assignment, v in zip(assignments, row):
            parties = [[q for q in range(6) if assignment[q] == i] for i in range(3)]
            assert v.tolist() == state.entropy_vector(parties).tolist()


def test_six_qubit_graph_states_one_qubit_per_party():
    """All 2^15 labelled graphs on A..E, O: 760 distinct vectors in 26 S_6 orbits."""
    space = EntropySpace(5)
    vectors = graph_state_entropy_vectors(all_graphs(6), [list(range(6))], 5)[:, 0].astype(np.int64)
    assert len(vectors) == 2**15
    distinct = np.unique(vectors, axis=0)
    assert len(distinct) == 760
    assert not distinct[0].any()  # the empty graph's zero vector
    assert len(space.group.orbits(distinct)) == 26


def test_published_six_qubit_vector():
    names = "ABCDEO"
    edges = [(names.index(u), names.index(v)) for u, v in ("AC", "AD", "AO", "BC", "BD", "BE")]
    vector = graph_state_entropy_vector(edges_to_adjacency(edges, 6), list(range(6)), 5)
    text = "1 1 1 1 1 | 2 2 2 2 2 2 1 1 2 2 | 2 2 2 2 2 2 2 2 2 2 | 2 2 2 2 1 | 1"
    assert vector.tolist() == [int(t) for t in text.split() if t != "|"]


def test_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        pack_adjacency([[0, 1], [0, 0]])
    with pytest.raises(ValueError, match="diagonal"):
        pack_adjacency([[1, 0], [0, 0]])
    with pytest.raises(ValueError, match="0 or 1"):
        pack_adjacency([[0, 2], [2, 0]])
    with pytest.raises(ValueError, match="square"):
        pack_adjacency([[0, 1, 0]])
    with pytest.raises(ValueError, match="parties 0..3"):
        assignment_masks([[0, 4]], 3)
    with pytest.raises(ValueError, match="distinct vertices"):
        edges_to_adjacency([(1, 1)], 3)
    with pytest.raises(ValueError, match="every qubit"):
        graph_state_entropy_vectors(all_graphs(3), [[0, 1]], 2)
