"""Graph models: exact min-cut entropy vectors against an independent networkx reference."""

from fractions import Fraction

import matplotlib
import networkx as nx
import numpy as np
import pytest

from cones.holographic.graphs import Graph, boundary_names, entropy_vectors
from cones.space import EntropySpace

matplotlib.use("Agg")


def networkx_entropy_vector(graph: Graph) -> list:
    """Reference: one networkx max-flow per subset, super source on I, super sink on the rest."""
    space = EntropySpace(graph.n)
    out = []
    for mask in space.masks:
        g = nx.Graph()
        g.add_nodes_from(graph.vertices)
        for u, v, w in graph.edges:
            g.add_edge(u, v, capacity=w)
        for i, name in enumerate(boundary_names(graph.n)):
            inside = i < graph.n and int(mask) >> i & 1
            g.add_edge(("source",) if inside else ("sink",), name)  # no capacity = infinite
        out.append(nx.minimum_cut(g, ("source",), ("sink",))[0])
    return out


def random_graph(rng, n, k, max_weight=3, rational=False):
    names = boundary_names(n) + [f"b{i}" for i in range(k)]
    edges = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if rng.random() < 0.5:
                w = int(rng.integers(1, max_weight + 1))
                edges.append((names[i], names[j], Fraction(w, int(rng.integers(1, 4))) if rational else w))
    return Graph(n, edges, vertices=names)


def test_star_is_the_perfect_tensor():
    g = Graph(3, [("A", "x"), ("B", "x"), ("C", "x"), ("O", "x")])
    assert g.entropy_vector().tolist() == [1, 1, 1, 2, 2, 2, 1]
    assert g.entropy_vector("maxflow").tolist() == [1, 1, 1, 2, 2, 2, 1]


def test_bell_pair_and_isolated_vertices():
    g = Graph(3, [("A", "B", 2)], vertices=["C", "O"])
    assert g.entropy_vector().tolist() == [2, 2, 0, 0, 2, 2, 0]


@pytest.mark.parametrize("n,k", [(2, 0), (3, 1), (3, 3), (4, 2), (4, 4), (5, 2)])
def test_min_cuts_match_networkx(n, k):
    rng = np.random.default_rng(100 * n + k)
    for _ in range(6):
        g = random_graph(rng, n, k)
        reference = networkx_entropy_vector(g)
        assert g.entropy_vector("enumerate").tolist() == reference
        assert g.entropy_vector("maxflow").tolist() == reference


def test_rational_weights_are_exact():
    rng = np.random.default_rng(7)
    for _ in range(5):
        g = random_graph(rng, 3, 2, rational=True)
        s = g.entropy_vector()
        assert list(s) == networkx_entropy_vector(g)
        assert list(g.entropy_vector("maxflow")) == list(s)
    half = Graph(2, [("A", "O", Fraction(1, 2)), ("B", "O", Fraction(1, 3))])
    assert list(half.entropy_vector()) == [Fraction(1, 2), Fraction(1, 3), Fraction(5, 6)]
    assert half.ray() == (3, 2, 5)


def test_batch_matches_single_graphs():
    rng = np.random.default_rng(3)
    n, k, size = 4, 3, 8
    mats = rng.integers(0, 4, (50, size, size))
    mats = np.triu(mats, 1)
    mats = mats + mats.transpose(0, 2, 1)
    batch = entropy_vectors(mats, n)
    for mat, s in zip(mats, batch):
        assert Graph.from_weight_matrix(n, mat).entropy_vector().tolist() == s.tolist()


def test_large_bulk_uses_maxflow():
    rng = np.random.default_rng(11)
    g = random_graph(rng, 3, 14, max_weight=2)
    assert g.entropy_vector().tolist() == networkx_entropy_vector(g)


def test_from_networkx_with_boundary_mapping():
    nxg = nx.Graph()
    nxg.add_edge(1, 0, weight=2)
    nxg.add_edge(2, 0, weight=1)
    nxg.add_edge("O", 0)  # weight 1 by default
    g = Graph.from_networkx(nxg, 2, boundary={"A": 1, "B": 2})
    assert g.bulk == (0,)
    assert g.entropy_vector().tolist() == [2, 1, 1]
    assert Graph.from_networkx(g.to_networkx(), 2) == g


def test_json_round_trip():
    g = Graph(3, [("A", "x", Fraction(3, 2)), ("B", "x"), ("C", "y"), ("O", "y", 2), ("x", "y")])
    assert Graph.from_json(g.to_json()) == g


def test_bad_input():
    with pytest.raises(ValueError, match=r"edge \('A', 'x'\) has negative weight"):
        Graph(2, [("A", "x", -1), ("B", "x"), ("O", "x")])
    with pytest.raises(ValueError, match="boundary vertex 'B' missing"):
        Graph(2, [("A", "O")])
    with pytest.raises(ValueError, match="party beyond n=2"):
        Graph(2, [("A", "B"), ("O", "C")])
    with pytest.raises(ValueError, match="not an exact rational"):
        Graph(2, [("A", "B", 0.5), ("O", "A")])
    with pytest.raises(ValueError, match="self-loop"):
        Graph(2, [("A", "A"), ("B", "O")])
    with pytest.raises(ValueError, match="unknown min-cut method"):
        Graph(1, [("A", "O")]).entropy_vector("magic")
    with pytest.raises(ValueError, match="negative weight"):
        entropy_vectors(-np.ones((1, 3, 3), dtype=np.int64), 2)


def test_draw_labels_boundary_vertices():
    g = Graph(3, [("A", "x"), ("B", "x"), ("C", "x"), ("O", "x", 2)])
    ax = g.draw()
    texts = {t.get_text() for t in ax.texts}
    assert {"A", "B", "C", "O"} <= texts
