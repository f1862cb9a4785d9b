from math import comb

import pytest

from cones.core import inequality_families as families
from cones.expressions import parse_inequality
from cones.core.outer import ssa_cone
from cones.space import EntropySpace


def count(generator):
    return len(list(generator))


@pytest.mark.parametrize("n, expected", [(3, 12), (4, 40), (5, 120)])
def test_elemental_ssa_rows_on_the_purified_parties(n, expected):
    space = EntropySpace(n)
    rows = list(families.ssa(space, elemental=True))
    assert len(rows) == expected
    # I(i:j|K) = I(i:j|K') for K' the rest of the purified parties: half of pairs x subsets
    assert len(rows) == comb(n + 1, 2) * 2 ** (n - 1) // 2
    # orbits: one per unordered pair {|K|, |K'|} with |K| + |K'| = n - 1
    assert count(families.ssa(space, elemental=True, representatives=True)) == (n - 1) // 2 + 1


def test_purified_ingleton_instances_at_four_parties():
    space = EntropySpace(4)
    rows = {q.row for q in families.purified_ingleton(space)}
    singles = {q.row for q in families.purified_ingleton(space, elemental=True)}
    assert len(rows) == 60 and len(singles) == 30 and singles <= rows
    # the elemental instances form one orbit of S_5
    assert count(families.purified_ingleton(space, elemental=True, representatives=True)) == 1


def test_ingleton_matches_its_textbook_expression():
    space = EntropySpace(4, pure=False)
    expected = parse_inequality("I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B)", space)
    instances = list(families.ingleton(space))
    assert expected in instances and len(instances) == 6  # 4!/|<(AB),(CD)>| orderings


@pytest.mark.parametrize("n", [2, 3, 4])
def test_elemental_shannon_count(n):
    space = EntropySpace(n, pure=False)
    assert count(families.elemental_shannon(space)) == n + comb(n, 2) * 2 ** (n - 2)
    assert count(families.monotonicity(space, elemental=True)) == n


def test_family_definitions_in_a_small_space():
    s = EntropySpace(2)  # parties A, B and purifier O
    # I(X:Y) with X u Y = all purified parties is 2 S(X) >= 0, kept (it is the whole SA cone at n = 1)
    assert {q.to_text() for q in families.sa(s)} == {"S(A) + S(B) >= S(AB)", "S(A) + S(AB) >= S(B)", "S(B) + S(AB) >= S(A)",
                                                     "S(A) >= 0", "S(B) >= 0", "S(AB) >= 0"}
    assert {q.to_text() for q in families.sa(EntropySpace(1))} == {"S(A) >= 0"}
    assert set(families.al(s)) == set(families.sa(s, elemental=True))  # Araki-Lieb is SA with the purifier
    assert set(families.wm(s)) <= set(families.ssa(s))
    assert list(families.mmi(s)) == []  # I3 of a partition of all purified parties vanishes
    c = EntropySpace(2, pure=False)
    assert {q.to_text() for q in families.monotonicity(c)} == {"S(A) >= 0", "S(B) >= 0", "S(AB) >= 0", "S(AB) >= S(A)", "S(AB) >= S(B)"}


def test_all_instances_are_implied_by_the_elemental_ones():
    space = EntropySpace(3)
    cone = ssa_cone(3).outer
    for name in ("sa", "al", "ssa", "wm"):
        assert all(cone.is_valid(q.row) for q in families.family(name, space)), name
    ghz = [1] * space.dim  # GHZ on A, B, C, O lies in the SSA cone and violates MMI
    assert cone.contains(ghz) and not all(q.holds_for(ghz) for q in families.mmi(space))


def test_representatives_are_one_per_orbit():
    space = EntropySpace(4)
    reps = list(families.mmi(space, representatives=True))
    all_rows = {q.row for q in families.mmi(space)}
    assert sum(len(q.orbit()) for q in reps) == len(all_rows)
    assert all(q.row == tuple(space.group.canonical(q.coefficients).tolist()) for q in reps)


def test_classical_and_pure_only_families_refuse_the_wrong_space():
    with pytest.raises(ValueError, match="classical family"):
        list(families.elemental_shannon(EntropySpace(3)))
    with pytest.raises(ValueError, match="weak monotonicity"):
        list(families.monotonicity(EntropySpace(3)))
    with pytest.raises(ValueError, match="pure space"):
        list(families.purified_ingleton(EntropySpace(4, pure=False)))
    with pytest.raises(ValueError, match="unknown inequality family 'zz'; known: elemental-shannon"):
        families.family("zz", EntropySpace(3))
