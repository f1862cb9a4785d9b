from fractions import Fraction

import pytest

from cones.holographic import Graph
from cones.tensor_networks import Network


def test_flat_by_default_and_exact():
    net = Network(2, [("A", "x", 3), ("B", "x", 2), ("x", "O", 4, [0.1, 0.2, 0.3, 0.4])])
    assert net.links[0].spectrum == (Fraction(1, 3),) * 3
    assert net.links[0].exact and not net.links[2].exact
    assert not net.exact
    assert net.bulk == ("x",) and net.boundary == ("A", "B", "O")
    assert net.boundary_dimension("O") == 4


@pytest.mark.parametrize("spectrum, message", [
    (["1/2", "1/3"], "sums to 5/6"),
    ([Fraction(3, 2), Fraction(-1, 2)], "negative entry -1/2"),
    (["1/2", "1/4", "1/4"], "3 entries, the bond dimension is 2"),
    (["a", "b"], "not a number"),
    ([0.5, 0.50001], "sums to"),
])
def test_bad_spectra_are_named(spectrum, message):
    with pytest.raises(ValueError, match=message):
        Network(1, [("A", "O", 2, spectrum)])


def test_bad_links_and_vertices():
    with pytest.raises(ValueError, match="unknown vertex 'y'"):
        Network(1, [("A", "x", 2), ("y", "O", 2)], vertices=["x"])
    with pytest.raises(ValueError, match="boundary vertex 'O' missing"):
        Network(1, [("A", "x", 2)])
    with pytest.raises(ValueError, match="self-loop"):
        Network(1, [("A", "O", 2), ("x", "x", 2)])
    with pytest.raises(ValueError, match="bond dimension must be a positive integer"):
        Network(1, [("A", "O", 0)])
    with pytest.raises(ValueError, match="unknown vertex 'Q'"):
        Network(1, [("A", "O", 2)]).boundary_dimension("Q")
    with pytest.raises(ValueError, match="unknown party label"):
        Network(1, [("A", "O", 2)]).region_mask("AQ")


def test_from_graph_uses_weights_as_exponents():
    g = Graph(2, [("A", "x", 1), ("B", "x", 2), ("O", "x", 1)])
    net = Network.from_graph(g, 2, spectrum=["1/4", "3/4"])
    assert [l.dimension for l in net.links] == [2, 4, 2]
    assert sorted(net.links[1].spectrum) == sorted([Fraction(1, 16), Fraction(3, 16), Fraction(3, 16), Fraction(9, 16)])
    with pytest.raises(ValueError, match="integer weights"):
        Network.from_graph(Graph(1, [("A", "O", Fraction(1, 2))]), 2)
