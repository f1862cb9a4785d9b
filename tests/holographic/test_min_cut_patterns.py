"""Min-cut patterns: the theory behind the graph realiser, checked on random graphs by brute force."""

import numpy as np
import pytest

from cones.holographic.realisation import NotFound, realise_ray
from cones.holographic.graphs import Graph, boundary_names
from cones.holographic.min_cut_patterns import admissible_patterns, interval_edges
from cones.space import EntropySpace


def minimal_min_cut_patterns(graph: Graph) -> np.ndarray:
    """Patterns of all vertices, by brute force: vertex v is in the minimal min cut of I iff it is
    on the I side of every min cut of I."""
    space, n, k = graph.space, graph.n, len(graph.bulk)
    mat, _ = graph.weight_matrix()
    labels = (np.arange(1 << k)[:, None] >> np.arange(k)) & 1
    out = np.zeros((n + 1 + k, space.dim), dtype=bool)
    for i, mask in enumerate(space.masks):
        side = np.zeros((1 << k, n + 1 + k), dtype=np.int64)
        side[:, :n] = (int(mask) >> np.arange(n)) & 1
        side[:, n + 1:] = labels
        cuts = np.einsum("ci,ij,cj->c", side, mat, 1 - side)
        out[:, i] = side[cuts == cuts.min()].all(axis=0)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_every_vertex_pattern_of_a_random_graph_is_admissible(seed):
    rng = np.random.default_rng(seed)
    n, k = 3 + seed % 3, 1 + seed % 4
    names = boundary_names(n) + [f"x{i}" for i in range(k)]
    edges = [(names[a], names[b], int(rng.integers(0, 4))) for a in range(len(names)) for b in range(a)
             if rng.random() < 0.6]
    graph = Graph(n, [e for e in edges if e[2]], vertices=names)
    vector = graph.entropy_vector()
    allowed = {tuple(p) for p in admissible_patterns(graph.space, vector)}
    patterns = minimal_min_cut_patterns(graph)
    assert all(tuple(p) in allowed for p in patterns)
    if any(vector) and n < 5:  # and the pattern LP finds a graph for the vector, checked exactly
        found = realise_ray(vector, graph.space, method="patterns")
        assert found.verify(vector)


def test_boundary_patterns_come_first_in_vertex_order():
    space = EntropySpace(3)
    patterns = admissible_patterns(space, (1, 1, 1, 2, 2, 2, 1))
    for p in range(3):
        assert [bool(int(m) >> p & 1) for m in space.masks] == list(patterns[p])
    assert not patterns[3].any()  # the purifier
    assert len({tuple(p) for p in patterns}) == len(patterns)


def test_interval_edges_skip_pairs_with_a_pattern_between():
    patterns = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=bool)
    iu, ju = interval_edges(patterns)
    assert sorted(zip(iu.tolist(), ju.tolist())) == [(0, 1), (0, 3), (1, 2), (2, 3)]


def test_perfect_tensor_needs_one_bulk_vertex():
    found = realise_ray((1, 1, 1, 2, 2, 2, 1))
    assert found.verify() and len(found.graph.bulk) == 1


def test_ghz_is_reported_not_realisable_with_the_reason():
    result = realise_ray((1, 1, 1, 1, 1, 1, 1))
    assert isinstance(result, NotFound) and result.conclusive and "infeasible" in str(result)


def test_auto_falls_back_to_bulk_vertices_when_patterns_are_inconclusive():
    result = realise_ray((1, 1, 1, 2, 2, 2, 1), max_patterns=3)
    assert result.verify() and len(result.graph.bulk) == 1
    too_many = realise_ray((1, 1, 1, 2, 2, 2, 1), method="patterns", max_patterns=3)
    assert isinstance(too_many, NotFound) and not too_many.conclusive and "more than 3" in str(too_many)
    with pytest.raises(ValueError, match="unknown realisation method"):
        realise_ray((1, 1, 1, 2, 2, 2, 1), method="tree")


def test_more_than_five_parties_is_refused():
    with pytest.raises(ValueError, match="at most 5 parties"):
        admissible_patterns(EntropySpace(6), np.ones(63, dtype=int))
