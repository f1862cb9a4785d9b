from cones.space import EntropySpace, subset_masks


def test_order_is_cardinality_then_lexicographic():
    assert EntropySpace(3).coordinate_names == ["A", "B", "C", "AB", "AC", "BC", "ABC"]
    names = EntropySpace(4).coordinate_names
    assert names[:4] == ["A", "B", "C", "D"] and names[4:10] == ["AB", "AC", "AD", "BC", "BD", "CD"]
    assert len(subset_masks(5)) == 31


def test_purifier_stands_for_complement():
    s = EntropySpace(3)
    assert s.coordinate(0b1001) == s.index[0b110]  # AO -> BC
    assert s.coordinate(0b1111) is None


import numpy as np
import pytest

from cones.core.outer import ssa_cone
from cones.space import SubsetError


@pytest.mark.parametrize("spec", ["AB", "A B", "A,B", " BA ", {0, 1}, ["A", "B"], (1, 0)])
def test_subset_spellings_agree(spec):
    assert EntropySpace(3).parse_subset(spec) == 0b011


def test_purifier_subsets_in_pure_spaces():
    s = EntropySpace(3)
    assert s.parse_subset("AO") == 0b1001 and s.parse_subset({0, 3}) == 0b1001
    assert s.name(s.purify(s.parse_subset("AO"))) == "BC"
    assert s.subset_coordinate("ABCO") is None


@pytest.mark.parametrize(
    "pure, spec, words, position",
    [
        (True, "AX", "unknown party label 'X'", 1),
        (True, "AD", "beyond n=3", 1),
        (False, "A O", "purifier O is not a party of a classical space", 2),
        (True, "", "empty subset", 0),
        (True, "ABA", "repeated", 2),
        (True, {0, 7}, "out of range", None),
    ],
)
def test_bad_subsets_name_the_problem(pure, spec, words, position):
    with pytest.raises(SubsetError, match=words) as info:
        EntropySpace(3, pure=pure).parse_subset(spec)
    assert info.value.position == position


def test_vectors_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError, match="vector has 6 entries, expected 7"):
        EntropySpace(3).check_vector([1] * 6)
    assert EntropySpace(2).check_vector({"A": 1, "AO": 2}) == [1, 2, 0]
    with pytest.raises(ValueError, match="same coordinate"):
        EntropySpace(2).check_vector({"A": 1, "BO": 2})


def _factorial(k):
    return 1 if k <= 1 else k * _factorial(k - 1)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_groups_are_symmetric_groups_on_parties(n):
    assert EntropySpace(n, pure=False).group.order == _factorial(n)
    assert EntropySpace(n, pure=True).group.order == _factorial(n + 1)


def test_one_party_groups_are_trivial_on_the_single_coordinate():
    assert EntropySpace(1, pure=False).group.order == EntropySpace(1, pure=True).group.order == 1


def test_permutation_moving_the_purifier_complements():
    # n = 2, coordinates A, B, AB; swapping A and O sends A -> O = AB, B -> B, AB -> BO = A.
    s = EntropySpace(2)
    assert s.coordinate_permutation([2, 1, 0]).tolist() == [2, 1, 0]
    assert [s.coordinate_permutation([2, 1, 0]).tolist()] == [list(g) for g in s.group.elements if list(g) == [2, 1, 0]]


def _bell_pair(space, i, j):
    """Entropy vector of a Bell pair between parties i and j (bit n = O): S(X) = 1 iff X splits the pair."""
    return [int((m >> i & 1) != (m >> j & 1)) for m in space.masks.tolist()]


def test_group_orbit_of_a_bell_pair_is_all_bell_pairs():
    s = EntropySpace(3)
    orbit = {tuple(r) for r in s.group.orbit(_bell_pair(s, 0, 1)).tolist()}
    assert orbit == {tuple(_bell_pair(s, i, j)) for i in range(4) for j in range(i + 1, 4)}


def test_lifts_preserve_validity_on_the_ssa_cones():
    small, big = ssa_cone(3), ssa_cone(4)
    for row in small.facets:
        for split in (None, "A", "C", "O"):
            assert big.outer.is_valid(small.space.lift_inequality(row, split))
        assert all(big.outer.is_valid(r) for r in small.space.lift_orbit(row))
    for ray in small.rays:
        assert big.outer.contains(small.space.lift_vector(ray))


def test_lift_definitions():
    s = EntropySpace(2)
    sa = [1, 1, -1]  # I(A:B)
    big = s.lifted()
    # embedding: the same terms; splitting O gives the same
    assert big.coordinate_names[:3] == ["A", "B", "C"]
    embedded = s.lift_inequality(sa)
    assert embedded.tolist() == s.lift_inequality(sa, "O").tolist()
    assert dict(zip(big.coordinate_names, embedded.tolist())) == {"A": 1, "B": 1, "C": 0, "AB": -1, "AC": 0, "BC": 0, "ABC": 0}
    # splitting A into A and C: I(AC:B)
    split = dict(zip(big.coordinate_names, s.lift_inequality(sa, "A").tolist()))
    assert split == {"A": 0, "B": 1, "C": 0, "AB": 0, "AC": 1, "BC": 0, "ABC": -1}
    # the new party trivial: S(XC) = S(X)
    lifted = dict(zip(big.coordinate_names, s.lift_vector([1, 2, 3]).tolist()))
    assert lifted == {"A": 1, "B": 2, "C": 0, "AB": 3, "AC": 1, "BC": 2, "ABC": 3}
    assert len(s.lift_orbit(sa)) == 6  # I(i:j) over the 4 purified parties of n = 3


def test_classical_lifts():
    s = EntropySpace(2, pure=False)
    with pytest.raises(SubsetError, match="purifier"):
        s.lift_inequality([1, 1, -1], "O")
    assert len(s.lift_orbit([1, 1, -1])) == 3
    assert np.array_equal(s.lift_vector([1, 1, 2]), [1, 1, 0, 2, 1, 1, 2])
