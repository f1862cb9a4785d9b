"""PermutationGroup: closure, orbits, canonical forms, stabilizers (polytopes/group.py)."""

import pickle
from itertools import permutations
from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cones.space import subset_masks
from polytopes.group import PermutationGroup


def party_group(n: int) -> PermutationGroup:
    """S_n acting on the 2**n - 1 subset coordinates, by relabelling parties (bit permutations)."""
    masks = subset_masks(n)

    def relabel(p):
        return lambda m: sum(1 << p[i] for i in range(n) if m >> i & 1)

    swap = [1, 0] + list(range(2, n))
    cycle = list(range(1, n)) + [0]
    return PermutationGroup.from_action(masks, [relabel(swap), relabel(cycle)])


def brute_canonical(group, v):
    images = np.asarray(v)[group.elements]
    return images[np.lexsort(images.T[::-1])][0]


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_order_of_symmetric_group_on_subsets(n):
    group = party_group(n)
    assert group.degree == 2**n - 1
    assert group.order == factorial(n)
    assert len({tuple(g) for g in group.elements}) == group.order


def test_full_symmetric_group_elements_are_all_permutations():
    group = PermutationGroup([[1, 0, 2, 3], [1, 2, 3, 0]])
    assert {tuple(g) for g in group.elements} == set(permutations(range(4)))
    assert tuple(group.elements[0]) == (0, 1, 2, 3)


def test_cyclic_group_and_trivial_group():
    assert PermutationGroup([[1, 2, 3, 4, 5, 0]]).order == 6
    assert PermutationGroup([[2, 3, 4, 5, 0, 1]]).order == 3
    trivial = PermutationGroup.trivial(5)
    assert trivial.order == 1 and trivial.degree == 5
    assert (trivial.canonical([3, 1, 2, 0, 0]) == [3, 1, 2, 0, 0]).all()


def test_contains():
    group = party_group(3)  # S_3 on A, B, C, AB, AC, BC, ABC
    swap_ab = [1, 0, 2, 3, 5, 4, 6]
    assert swap_ab in group
    assert [1, 0, 2, 3, 4, 5, 6] not in group  # swaps A and B but not AC and BC
    assert [0, 1, 2] not in group


def test_action_is_v_of_g():
    group = party_group(3)
    v = np.array([10, 20, 30, 12, 13, 23, 123])
    orbit = group.orbit(v)
    # Relabelling A <-> B maps S(A) to S(B), S(AC) to S(BC).
    assert [20, 10, 30, 12, 23, 13, 123] in orbit.tolist()
    assert len(orbit) == 6


def test_orbit_stabilizer_and_orbit_sizes_sum():
    group = party_group(4)
    rng = np.random.default_rng(1)
    for v in rng.integers(0, 3, size=(30, 15)):
        assert len(group.orbit(v)) * group.stabilizer(v).order == group.order
    # A union of whole orbits: the sizes of its orbits sum to its number of distinct rows.
    seeds = rng.integers(0, 2, size=(12, 15))
    closed = np.unique(np.concatenate([group.orbit(v) for v in seeds]), axis=0)
    orbits = group.orbits(closed)
    assert sum(o.size for o in orbits) == len(closed)
    assert sorted(i for o in orbits for i in o.members) == list(range(len(closed)))
    for o in orbits:
        assert o.size == len(o.members)
        assert all((group.canonical(closed[i]) == o.representative).all() for i in o.members)
    reps = [tuple(o.representative) for o in orbits]
    assert reps == sorted(reps)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=31, max_size=31), st.integers(0, 119))
def test_canonical_is_lexicographic_minimum_and_invariant(v, k):
    group = party_group(5)
    v = np.array(v)
    canon = group.canonical(v)
    assert (canon == brute_canonical(group, v)).all()
    g = group.elements[k]
    assert (group.canonical(v[g]) == canon).all()


def test_canonical_rows_matches_one_by_one_on_large_degenerate_input():
    group = party_group(6)  # order 720, degree 63
    rng = np.random.default_rng(2)
    rows = rng.integers(0, 2, size=(200, 63)) * rng.integers(0, 2, size=(200, 1))
    rows[:50] = 0
    rows[:50, 0] = 1  # stabilizer of order 120: exercises the wide candidate phase
    canon = group.canonical_rows(rows)
    for r, c in zip(rows[::7], canon[::7]):
        assert (c == brute_canonical(group, r)).all()
    sizes = {o.representative.tobytes(): o.size for o in group.orbits(rows)}
    assert sizes[canon[0].tobytes()] == 6  # the six singletons
    assert sizes.get(np.zeros(63, dtype=np.int64).tobytes(), 1) == 1


def test_stabilizer_is_a_subgroup_with_generators():
    group = party_group(4)
    v = np.zeros(15, dtype=np.int64)
    v[0] = 1  # S(A): stabilised by permutations of B, C, D
    stab = group.stabilizer(v)
    assert stab.order == 6
    assert PermutationGroup(stab.generators, degree=15) == stab
    assert all((v[g] == v).all() for g in stab.elements)


def test_preserves_and_setwise_stabilizer():
    group = party_group(3)
    singles = np.eye(7, dtype=np.int64)[:3]
    assert group.preserves(singles)
    assert not group.preserves(singles[:2])
    assert group.setwise_stabilizer(singles[:2]).order == 2


def test_pickle_round_trip():
    group = party_group(4)
    again = pickle.loads(pickle.dumps(group))
    assert again == group and again.order == 24


@pytest.mark.parametrize(
    "generators, error",
    [
        ([[0, 1, 1]], ValueError),
        ([[0, 1, 2], [0, 1]], ValueError),
        ([[0.0, 1.0]], TypeError),
        ([[0, 2]], ValueError),
        ([], ValueError),
        (np.array([1, 0]), TypeError),
    ],
)
def test_bad_generators(generators, error):
    with pytest.raises(error):
        PermutationGroup(generators)


def test_bad_vectors():
    group = party_group(3)
    with pytest.raises(ValueError, match="length 7"):
        group.canonical([1, 2, 3])
    with pytest.raises(TypeError, match="integers"):
        group.canonical([0.5] * 7)
    with pytest.raises(ValueError, match=r"shape \(k, 7\)"):
        group.canonical_rows(np.zeros((2, 6), dtype=int))


def test_pairing_rows_pair_every_image_with_a_in_one_product():
    rng = np.random.default_rng(3)
    group = PermutationGroup([[1, 2, 0, 3], [1, 0, 2, 3], [0, 1, 3, 2]])
    a, rows = rng.integers(-5, 6, size=4), rng.integers(-5, 6, size=(7, 4))
    paired = rows @ group.pairing_rows(a).T
    direct = np.array([[r[g] @ a for g in group.elements] for r in rows])
    assert np.array_equal(paired, direct)


def test_orbit_rows_is_the_union_of_the_orbits():
    group = PermutationGroup([[1, 2, 0, 3], [1, 0, 2, 3]])
    rows = np.array([[1, 0, 0, 5], [2, 1, 0, 0], [0, 1, 0, 5]])
    union = np.unique(np.vstack([group.orbit(r) for r in rows]), axis=0)
    assert np.array_equal(group.orbit_rows(rows), union) and len(union) == 9
    assert np.array_equal(group.orbit_rows(rows[0]), group.orbit(rows[0]))
    assert group.orbit_rows([]).shape == (0, 4)
    with pytest.raises(ValueError, match="shape"):
        group.orbit_rows(np.zeros((2, 3), dtype=int))
