"""U(1)_k link entropies: Smith normal form against brute force, the three-component gcd
formula, vanishing exactly when the linking vanishes mod k, prime and composite levels."""

from itertools import product
from math import gcd, log

import numpy as np
import pytest
import sympy

from cones import EntropySpace
from cones.links import Link, abelian_entropy_vector, image_size
from cones.stabilizer import graph_state, graph_state_entropy_vector


def _brute_image(matrix, k):
    matrix = np.array(matrix, dtype=np.int64).reshape(len(matrix), -1)
    return len({tuple((np.array(x) @ matrix) % k) for x in product(range(k), repeat=matrix.shape[0])})


@pytest.mark.parametrize("k", [2, 3, 4, 6, 8, 12])
def test_image_size_by_smith_form_equals_counting(k):
    rng = np.random.default_rng(k)
    for _ in range(20):
        a, b = rng.integers(1, 4, size=2)
        matrix = rng.integers(-7, 8, size=(a, b))
        assert image_size(matrix, k) == _brute_image(matrix, k)


def test_three_component_gcd_formula():
    # S(component i) = log(k / gcd(l_ij, l_ik, k)) for three components (arXiv:2510.18408).
    rng = np.random.default_rng(3)
    for _ in range(40):
        k = int(rng.integers(2, 30))
        l12, l13, l23 = (int(v) for v in rng.integers(-20, 21, size=3))
        link = Link.from_matrix([[0, l12, l13], [l12, 0, l23], [l13, l23, 0]])
        vector = abelian_entropy_vector(link, k).value()
        expected = [log(k / gcd(gcd(l12, l13), k)), log(k / gcd(gcd(l12, l23), k)), log(k / gcd(gcd(l13, l23), k))]
        assert np.allclose(vector, expected)  # A, B, and AB = the complement of O


def test_entropy_vanishes_exactly_when_linking_vanishes_mod_k():
    rng = np.random.default_rng(5)
    for _ in range(30):
        k = int(rng.integers(2, 10))
        upper = np.triu(rng.integers(-3, 4, size=(4, 4)) * rng.integers(0, 2, size=(4, 4)) * k, 1)
        upper[0, 1] += int(rng.integers(0, 2))
        link = Link.from_matrix((upper + upper.T).tolist())
        s_a = abelian_entropy_vector(link, k).exponents
        zero = all(v[0] == 0 for v in s_a.values())
        assert zero == (not (link.block(0b001) % k).any())


def test_prime_level_is_the_qudit_graph_state():
    rng = np.random.default_rng(11)
    for _ in range(10):
        upper = np.triu(rng.integers(0, 2, size=(5, 5)), 1)
        adjacency = upper + upper.T
        link = Link.from_matrix(adjacency.tolist(), parties=[0, 1, 2, 3, 3], n=3)
        assert abelian_entropy_vector(link, 2).in_units_of_log(2) == tuple(graph_state_entropy_vector(adjacency, [0, 1, 2, 3, 3], 3))
    space = EntropySpace(2)
    adjacency = [[0, 1, 2], [1, 0, 1], [2, 1, 0]]
    state = graph_state(np.array(adjacency), 3)
    expected = tuple(state.entropy(tuple(q for q in range(3) if m >> q & 1)) for m in space.masks)
    assert abelian_entropy_vector(Link.from_matrix(adjacency), 3).in_units_of_log(3) == expected


def test_composite_level_splits_into_prime_parts():
    link = Link.from_matrix([[0, 2, 3], [2, 0, 0], [3, 0, 0]])
    vector = abelian_entropy_vector(link, 12)
    assert set(vector.exponents) == {2, 3}
    for p, part in vector.exponents.items():  # each prime part is the vector at level p^a
        a = sympy.multiplicity(p, 12)
        assert abelian_entropy_vector(link, p ** a).in_units_of_log(p) == part
    assert np.allclose(vector.value(), [float(sympy.N(s)) for s in vector.symbolic()])
    assert "log 2" in str(vector) and r"\log" in vector._repr_latex_()
    with pytest.raises(ValueError, match="not a power of 5"):
        vector.in_units_of_log(5)


def test_hopf_links_and_links_without_linking():
    for l in range(1, 5):  # the closure of sigma_1^(2l): two unknots with linking number l
        hopf = Link.from_braid([1] * (2 * l), [0, 1])
        assert abs(int(hopf.linking[0, 1])) == l
        for k in range(2, 13):
            assert np.isclose(abelian_entropy_vector(hopf, k).value()[0], log(k / gcd(k, l)))
    for name in ("whitehead", "borromean"):
        link = Link.named(name, list(range(3 if name == "borromean" else 2)))
        for k in range(2, 13):
            assert not abelian_entropy_vector(link, k).value().any()
    with pytest.raises(ValueError, match="level k"):
        abelian_entropy_vector(Link.named("hopf", [0, 1]), 1)
