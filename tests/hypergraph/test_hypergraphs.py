"""Hypergraph min-cut entropies: acceptance vectors, three evaluators against brute force, graphs, bad input."""

import itertools
from fractions import Fraction

import matplotlib
import numpy as np
import pytest

from cones.expressions import parse_inequality
from cones.holographic.graphs import Graph
from cones.hypergraph.hypergraphs import Hypergraph, all_hyperedges, gadget_min_cuts, hypergraph_entropy_vectors, hypergraph_from_incidence
from cones.space import EntropySpace

matplotlib.use("Agg")

MMI = "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)"


def brute_force(h: Hypergraph) -> list:
    """S_I by trying every bulk subset, straight from the definition: the reference min cut
    (benchmarks/bench_hypergraph.py imports it)."""
    space = h.space
    boundary = list(h.vertices[: h.n + 1])
    out = []
    for mask in space.masks:
        inside_boundary = {boundary[p] for p in range(h.n) if int(mask) >> p & 1}
        best = None
        for chosen in itertools.product((0, 1), repeat=len(h.bulk)):
            cut = inside_boundary | {v for v, c in zip(h.bulk, chosen) if c}
            cost = sum(w for members, w in h.hyperedges if 0 < len(cut & set(members)) < len(members))
            best = cost if best is None or cost < best else best
        out.append(best)
    return out


def random_hypergraph(rng, n, k, edges, max_weight=3):
    names = [*EntropySpace(n).all_labels, *(f"x{j}" for j in range(k))]
    hyperedges = []
    for _ in range(edges):
        size = int(rng.integers(1, len(names) + 1))
        members = tuple(rng.choice(names, size=size, replace=False))
        hyperedges.append((members, int(rng.integers(0, max_weight + 1))))
    return Hypergraph(n, hyperedges, vertices=names)


def test_acceptance_vectors():
    ghz = Hypergraph(3, [("A", "B", "C", "O")])
    assert ghz.entropy_vector().tolist() == [1, 1, 1, 1, 1, 1, 1]
    mmi = parse_inequality(MMI, EntropySpace(3))
    assert int(np.dot(mmi.coefficients, ghz.entropy_vector())) == -1
    star = Hypergraph(3, [("A", "x"), ("B", "x"), ("C", "x"), ("O", "x")])
    assert star.entropy_vector().tolist() == [1, 1, 1, 2, 2, 2, 1]
    ray = Hypergraph(4, [("B", "x"), ("A", "D", "O", "x"), ("C", "D", "O", "x")])
    assert ray.entropy_vector().tolist() == [1, 1, 1, 2] + [2] * 11


def test_evaluators_agree_with_brute_force():
    rng = np.random.default_rng(7)
    for trial in range(40):
        n, k = int(rng.integers(1, 5)), int(rng.integers(0, 4))
        h = random_hypergraph(rng, n, k, int(rng.integers(1, 7)))
        expected = brute_force(h)
        assert h.entropy_vector("enumerate").tolist() == expected, h
        assert h.entropy_vector("maxflow").tolist() == expected, h


def test_gadget_min_cut_sides_are_minimum_cuts():
    rng = np.random.default_rng(11)
    for trial in range(20):
        n, k = int(rng.integers(1, 5)), int(rng.integers(0, 4))
        h = random_hypergraph(rng, n, k, int(rng.integers(1, 7)))
        inc, w, _ = h.incidence()
        values, sides = gadget_min_cuts(inc, w, n)
        assert values.tolist() == brute_force(h), h
        for mask, value, side in zip(h.space.masks, values, sides):
            assert [bool(int(mask) >> p & 1) for p in range(n)] + [False] == side[: n + 1].tolist()
            inside = inc.astype(int) @ side.astype(int)
            assert int(w @ ((inside > 0) & (inside < inc.sum(axis=1)))) == value  # the side is a minimum cut


def test_batch_evaluation_matches_single_hypergraphs():
    rng = np.random.default_rng(3)
    inc = all_hyperedges(3, 2)
    weights = rng.integers(0, 3, (25, len(inc))) * (rng.random((25, len(inc))) < 0.1)
    batch = hypergraph_entropy_vectors(inc, weights, 3)
    for row, w in zip(batch, weights):
        assert row.tolist() == brute_force(hypergraph_from_incidence(3, inc, w))


def test_rank_two_hypergraphs_are_the_graphs():
    rng = np.random.default_rng(11)
    for _ in range(20):
        n, k = int(rng.integers(2, 5)), int(rng.integers(0, 4))
        names = [*EntropySpace(n).all_labels, *(f"x{j}" for j in range(k))]
        edges = [(u, v, int(rng.integers(0, 4))) for u, v in itertools.combinations(names, 2) if rng.random() < 0.5]
        g = Graph(n, edges, vertices=names)
        h = Hypergraph.from_graph(g)
        assert h.rank <= 2
        assert h.entropy_vector().tolist() == g.entropy_vector().tolist()
        assert h.entropy_vector("maxflow").tolist() == g.entropy_vector().tolist()


def test_rational_weights_and_json():
    h = Hypergraph(2, [(("A", "B", "O"), Fraction(1, 2)), (("A", "x"), Fraction(1, 3)), ("x", "B")])
    s = h.entropy_vector()
    assert list(s) == [Fraction(1, 2) + Fraction(1, 3), Fraction(1, 2) + Fraction(1, 3), Fraction(1, 2)]
    assert h.ray() == (5, 5, 3)
    assert Hypergraph.from_json(h.to_json()) == h
    # the same vertex set twice adds up; a single-vertex hyperedge is never split
    twice = Hypergraph(2, [("A", "B", "O"), ("A", "O", "B"), ("A",)])
    assert twice.entropy_vector().tolist() == [2, 2, 2]


def test_bad_input():
    with pytest.raises(ValueError, match="empty hyperedge"):
        Hypergraph(2, [(), ("A", "B", "O")])
    with pytest.raises(ValueError, match="negative weight"):
        Hypergraph(2, [(("A", "B", "O"), -1)])
    with pytest.raises(ValueError, match="beyond n=2"):
        Hypergraph(2, [("A", "B", "C", "O")])
    with pytest.raises(ValueError, match="boundary vertex 'B' missing"):
        Hypergraph(2, [("A", "O")])
    with pytest.raises(TypeError, match="tuple/list/set"):
        Hypergraph(2, ["ABO"])
    with pytest.raises(ValueError, match="unknown min-cut method"):
        Hypergraph(2, [("A", "B", "O")]).entropy_vector("magic")
    with pytest.raises(ValueError, match="negative weight"):
        hypergraph_entropy_vectors(all_hyperedges(2, 0), -np.ones((1, 4), dtype=np.int64), 2)
    with pytest.raises(ValueError, match="empty hyperedge"):
        hypergraph_entropy_vectors(np.zeros((1, 3), dtype=np.int64), np.ones((1, 1), dtype=np.int64), 2)


def test_drawing():
    ax = Hypergraph(3, [("B", "x"), ("A", "C", "O", "x")]).draw()
    assert ax.get_figure() is not None
