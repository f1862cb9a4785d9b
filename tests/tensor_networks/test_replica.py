from fractions import Fraction
from math import log

import numpy as np
import pytest

from cones.holographic import Graph
from cones.space import EntropySpace
from cones.tensor_networks import Network
from cones.tensor_networks.replica import (
    annealed_entropies, cycle_lengths, large_dimension_limit, replica_moment, replica_moments)


def renyi(spectrum, m):
    return log(sum(float(p) ** m for p in spectrum)) / (1 - m)


@pytest.mark.parametrize("m", [2, 3, 4])
def test_single_edge_gives_the_renyi_entropy_of_its_spectrum(m):
    spectrum = [Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)]
    net = Network(1, [("A", "O", 3, spectrum)])
    assert replica_moment(net, "A", m) == sum(p ** m for p in spectrum)
    assert annealed_entropies(net, m)[0] == pytest.approx(renyi(spectrum, m), rel=1e-14)


def _wick_brute_force(net, region):
    """E tr rho_A^2 by contracting four copies psi, psi*, psi, psi* of the network with
    E[conj V_a V_b conj V_c V_d] = delta_ab delta_cd + delta_ad delta_cb at each bulk vertex."""
    space = net.space
    inside = {b for i, b in enumerate(net.boundary) if space.parse_subset(region) >> i & 1}
    parent = list(range(4 * len(net.links)))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    def join(a, b):
        parent[find(a)] = find(b)

    for e, link in enumerate(net.links):
        for end in (link.u, link.v):
            if end in net.boundary:  # copies (1, 4) and (2, 3) meet inside A; (1, 2) and (3, 4) outside
                pairs = [(0, 3), (1, 2)] if end in inside else [(0, 1), (2, 3)]
                for a, b in pairs:
                    join(4 * e + a, 4 * e + b)
    label = lambda e, c: find(4 * e + c)
    operands = []
    for e, link in enumerate(net.links):
        root = np.sqrt(np.array([float(p) for p in link.spectrum]))
        for c in range(4):
            operands += [root, [label(e, c)]]
    for x in net.bulk:
        legs = [e for e, l in enumerate(net.links) if x in (l.u, l.v)]
        dims = [net.links[e].dimension for e in legs]
        d = int(np.prod(dims))
        eye = np.eye(d)
        moment = np.einsum("ab,cd->abcd", eye, eye) + np.einsum("ad,cb->abcd", eye, eye)
        operands += [moment.reshape(dims * 4), [label(e, c) for c in range(4) for e in legs]]
    return np.einsum(*operands, [])


NETWORKS = [
    Network(2, [("A", "x", 2, ["1/3", "2/3"]), ("B", "y", 2), ("x", "y", 3, ["1/2", "1/3", "1/6"]),
                ("x", "O", 2, ["1/4", "3/4"]), ("y", "O", 2)]),
    Network(3, [("A", "x", 2, ["1/5", "4/5"]), ("B", "y", 2), ("C", "z", 2, ["2/3", "1/3"]), ("x", "y", 2),
                ("y", "z", 2, ["1/4", "3/4"]), ("z", "x", 2), ("x", "O", 2, ["1/2", "1/2"]), ("A", "O", 2, ["1/3", "2/3"])]),
]


@pytest.mark.parametrize("net", NETWORKS, ids=["2 bulk", "3 bulk"])
def test_m2_replica_sum_equals_brute_force_wick_contraction(net):
    exact = replica_moments(net, 2)
    assert all(isinstance(value, Fraction) for value in exact)
    brute = [_wick_brute_force(net, net.space.name(int(mask))) for mask in net.space.masks]
    assert np.allclose([float(v) for v in exact], brute, rtol=1e-12)


@pytest.mark.parametrize("m", [2, 3])
def test_the_three_evaluators_agree_exactly(m):
    net = NETWORKS[1]
    values = {method: replica_moments(net, m, method) for method in ("plain", "enumerate", "eliminate")}
    assert values["plain"] == values["enumerate"] == values["eliminate"]


def test_float_spectra_give_floats_close_to_the_exact_sum():
    exact = NETWORKS[0]
    approx = Network(2, [(l.u, l.v, l.dimension, [float(p) for p in l.spectrum]) for l in exact.links])
    assert np.allclose(replica_moments(approx, 3), [float(v) for v in replica_moments(exact, 3)], rtol=1e-12)


def test_elimination_handles_a_long_chain():
    chain = [("A", 0, 2, ["1/3", "2/3"])] + [(i, i + 1, 2) for i in range(39)] + [(39, "O", 2)]
    net = Network(1, chain)
    value = replica_moment(net, "A", 2, method="eliminate")
    # transfer matrix of one flat bond: [[1, 1/2], [1/2, 1]] between neighbouring spins
    t = np.array([[Fraction(1), Fraction(1, 2)], [Fraction(1, 2), Fraction(1)]], dtype=object)
    start = np.array([sum(p ** 2 for p in (Fraction(1, 3), Fraction(2, 3))), 1], dtype=object)  # pi_0 = e, swap
    vec = start
    for _ in range(39):
        vec = t.T.dot(vec)
    assert value == vec.dot(np.array([1, Fraction(1, 2)], dtype=object))
    with pytest.raises(ValueError, match="exceeds"):
        replica_moment(net, "A", 2, method="enumerate")


def test_large_dimension_limit_is_the_min_cut_for_m2_and_bad_input():
    g = Graph(3, [("A", "x", 1), ("B", "x", 2), ("x", "y", 1), ("C", "y", 1), ("O", "y", 3)])
    assert large_dimension_limit(g, 2) == list(g.entropy_vector())
    assert cycle_lengths((0, 1)) == [1, 1]
    with pytest.raises(ValueError, match="positive integer"):
        replica_moment(NETWORKS[0], "A", 0)
    with pytest.raises(ValueError, match="unknown method"):
        replica_moment(NETWORKS[0], "A", 2, method="magic")


def test_finite_dimension_approaches_the_limit():
    g = Graph(3, [(v, "x", 1) for v in "ABCO"])
    limit = np.array([float(v) for v in large_dimension_limit(g, 2)])
    errors = [np.abs(annealed_entropies(Network.from_graph(g, d), 2) / log(d) - limit).max() for d in (2, 4, 16, 256)]
    assert all(a > b for a, b in zip(errors, errors[1:]))
