"""Subspace arrangements over GF(q): rank vectors, batched ranks, generators, realisation."""

from itertools import combinations

import numpy as np
import pytest

from cones.space import EntropySpace
from cones.linear_rank.subspaces import (
    ArrangementRealisation,
    SubspaceArrangement,
    all_subspaces,
    batch_rank,
    exhaustive_arrangements,
    random_arrangements,
    rank_vectors,
    find_arrangement,
    search_arrangement,
)


def _gaussian_binomial(d: int, k: int, q: int) -> int:
    num = den = 1
    for i in range(k):
        num *= q ** (d - i) - 1
        den *= q ** (i + 1) - 1
    return num // den


def _u24(q: int) -> np.ndarray:
    """Rank vector of the uniform matroid U_{2,4}: every single 1, every larger set 2."""
    space = EntropySpace(4, pure=False)
    return np.array([min(bin(int(m)).count("1"), 2) for m in space.masks])


def test_rank_vector_of_an_explicit_arrangement():
    # A = <e1>, B = <e2>, C = <e1+e2>, D = <e3> in GF(2)^3: A, B, C coplanar, D apart.
    arr = SubspaceArrangement(2, [[[1, 0, 0]], [[0, 1, 0]], [[1, 1, 0]], [[0, 0, 1]]])
    h = dict(zip(EntropySpace(4, pure=False).coordinate_names, arr.rank_vector().tolist()))
    assert h["A"] == h["D"] == 1 and h["AB"] == h["ABC"] == 2
    assert h["AD"] == 2 and h["ABD"] == h["ABCD"] == 3
    assert arr.subspace_dimensions == (1, 1, 1, 1)


def test_rank_vectors_are_polymatroids():
    space = EntropySpace(4, pure=False)
    h = rank_vectors(3, random_arrangements(3, 4, 4, 200, dims=[1, 2, 2, 3], rng=1))
    full = {int(m): i for i, m in enumerate(space.masks)}
    value = lambda mask: h[:, full[mask]] if mask else 0
    for x in range(1, 16):
        for y in range(1, 16):
            assert np.all(value(x) + value(y) >= value(x | y) + value(x & y))  # submodular
            if x & y == x:
                assert np.all(value(x) <= value(y))  # monotone


@pytest.mark.parametrize("q", [2, 3, 4, 9])
def test_batched_ranks_agree_with_galois(q):
    batch = random_arrangements(q, 4, 4, 60, dims=[1, 2, 2, 3], rng=q)
    fast = rank_vectors(q, batch)
    for b in range(len(batch)):
        exact = SubspaceArrangement(q, [batch[b, i] for i in range(4)]).rank_vector()
        assert np.array_equal(fast[b], exact)


def test_batch_rank_of_stacked_matrices():
    m = np.array([[[1, 1], [1, 1]], [[1, 0], [0, 1]], [[0, 0], [0, 0]]])
    assert batch_rank(2, m).tolist() == [1, 2, 0]
    assert batch_rank(3, np.array([[[1, 2], [2, 1]]])).tolist() == [1]  # (2,1) = 2*(1,2) mod 3


@pytest.mark.parametrize("q,d", [(2, 4), (3, 3), (4, 2)])
def test_all_subspaces_counts_are_gaussian_binomials(q, d):
    for k in range(d + 1):
        subs = all_subspaces(q, d, k)
        assert len(subs) == _gaussian_binomial(d, k, q)
        assert np.all(batch_rank(q, subs) == k)
        # distinct subspaces: no two span the same space
        if 0 < k < d and len(subs) <= 40:
            for i, j in combinations(range(len(subs)), 2):
                assert batch_rank(q, np.concatenate([subs[i], subs[j]])) > k


def test_u24_is_representable_over_gf3_but_not_gf2():
    target = _u24(4)
    found = {}
    for q in (2, 3):
        found[q] = any((rank_vectors(q, batch) == target).all(axis=1).any()
                       for batch in exhaustive_arrangements(q, 2, 4, dims=1))
    assert found == {2: False, 3: True}
    # over GF(2) a 4-point line needs twice the rank (GF(4) inside GF(2)^4)
    arrangement = find_arrangement(target, fields=(2,), multiples=(1, 2))
    assert arrangement is not None and arrangement.q == 2
    assert np.array_equal(arrangement.rank_vector(), 2 * target)


def test_u25_needs_gf4():
    space = EntropySpace(5, pure=False)
    target = np.array([min(bin(int(m)).count("1"), 2) for m in space.masks])
    assert find_arrangement(target, fields=(2, 3), multiples=(1,)) is None
    arrangement = find_arrangement(target, fields=(4,), multiples=(1,))
    assert arrangement is not None and arrangement.q == 4
    assert np.array_equal(arrangement.rank_vector(), target)


def test_realise_and_certificate():
    target = _u24(4)
    arrangement = find_arrangement(target)
    cert = ArrangementRealisation(tuple(target.tolist()), arrangement)
    assert cert.verify() and cert.verify(target) and cert.multiple == 1
    again = ArrangementRealisation.from_json(cert.to_json())
    assert again.verify(target)
    wrong = ArrangementRealisation(tuple((2 * target - 1).tolist()), arrangement)
    assert not wrong.verify()
    # renaming parties renames the rank vector
    chain = SubspaceArrangement(2, [[[1, 0, 0]], [[0, 1, 0]], [[1, 1, 0]], [[0, 0, 1]]])
    moved = ArrangementRealisation(tuple(chain.rank_vector().tolist()), chain).permuted([3, 0, 1, 2])
    names = EntropySpace(4, pure=False).coordinate_names
    h = dict(zip(names, moved.arrangement.rank_vector().tolist()))
    assert moved.verify() and h["ABD"] == 2 and h["ABC"] == 3


def test_realise_fails_on_an_ingleton_violator():
    # h(single) = 2, pairs 3 except h(CD) = 4, triples and the whole 4: an extreme ray of the
    # Shannon cone violating Ingleton for (A, B; C, D).
    space = EntropySpace(4, pure=False)
    h = np.array([{1: 2, 2: 3}.get(bin(int(m)).count("1"), 4) for m in space.masks])
    h[space.index[0b1100]] = 4
    ingleton = {0b0001: -1, 0b0010: -1, 0b0011: 1, 0b0101: 1, 0b0110: 1, 0b1001: 1, 0b1010: 1,
                0b1100: -1, 0b0111: -1, 0b1011: -1}
    assert sum(c * h[space.index[m]] for m, c in ingleton.items()) < 0
    assert find_arrangement(h, fields=(2, 3), multiples=(1,), max_dimension=4) is None


def test_a_ray_not_realised_is_reported_with_the_spaces_tried():
    space = EntropySpace(4, pure=False)
    h = np.array([{1: 2, 2: 3}.get(bin(int(m)).count("1"), 4) for m in space.masks])
    h[space.index[0b1100]] = 4
    report = search_arrangement(h, fields=(2, 3), multiples=(1, 2), max_dimension=4)
    assert not report.found and report.arrangement is None
    assert report.tried == ((2, 1, 4, "none exists"), (3, 1, 4, "none exists"),
                            (2, 2, 8, "dimension above max_dimension"), (3, 2, 8, "dimension above max_dimension"))
    assert "GF(3)^4 (multiple 1): none exists" in str(report)
    # a tiny node budget is reported as such, not as a proof that none exists
    short = search_arrangement(h, fields=(2,), multiples=(1,), max_dimension=4, max_nodes=1)
    assert short.tried == ((2, 1, 4, "node budget exhausted"),)
    small = search_arrangement(h, fields=(3,), multiples=(1,), max_vectors=27)
    assert small.tried == ((3, 1, 4, "q**dimension above max_vectors"),)
    found = search_arrangement(_u24(3), fields=(2, 3), multiples=(1,))
    assert found.found and found.tried[-1] == (3, 1, 2, "found")


def test_bad_input():
    with pytest.raises(ValueError, match="prime"):
        SubspaceArrangement(6, [[[1, 0]]])
    with pytest.raises(ValueError, match="prime"):
        all_subspaces(10, 2)
    with pytest.raises(ValueError, match="GF\\(3\\)"):
        SubspaceArrangement(3, [[[1, 3]]])
    with pytest.raises(ValueError, match="subspace 1 \\(B\\).*3 columns, expected 2"):
        SubspaceArrangement(2, [[[1, 0]], [[1, 0, 1]]])
    with pytest.raises(TypeError):
        SubspaceArrangement(2.5, [[[1, 0]]])
    with pytest.raises(ValueError, match="0..1"):
        batch_rank(2, np.array([[[2]]]))
    with pytest.raises(ValueError, match="2\\*\\*n - 1"):
        find_arrangement([1, 1])


def test_gaussian_binomials_count_the_subspaces_and_bound_the_search():
    from cones.linear_rank.subspaces import gaussian_binomial
    for q, d, k in [(2, 4, 2), (3, 3, 1), (2, 5, 3), (5, 2, 1)]:
        assert gaussian_binomial(q, d, k) == len(all_subspaces(q, d, k))
    # V_A = V_B, a plane (its dual is no smaller): with no candidate subspace allowed, GF(3) is skipped
    skipped = search_arrangement([2, 2, 2], fields=(3,), multiples=(1,), max_subspaces=0)
    assert not skipped.found and skipped.tried == ((3, 1, 2, "more than max_subspaces candidate subspaces"),)
    # over GF(2) a space beyond the cap is searched vector by vector instead
    vectors = search_arrangement([2, 2, 2], fields=(2,), multiples=(1,), max_subspaces=0)
    assert vectors.found and vectors.arrangement.rank_vector().tolist() == [2, 2, 2]


def test_dual_arrangements_have_the_dual_rank_vector():
    from cones.linear_rank.subspaces import dual_rank_vector
    for q in (2, 3, 4):
        for g in random_arrangements(q, 5, 4, 4, dims=[1, 2, 3, 2], rng=q):
            a = SubspaceArrangement(q, list(g))
            h = a.rank_vector()
            assert a.dual(list(h[:4])).rank_vector().tolist() == dual_rank_vector(h).tolist()
            # padded with zero columns: sum_{i in S} sizes_i + h(N minus S) - h(N)
            sizes = [2, 3, 3, 2]
            space, full = a.space, (1 << 4) - 1
            value = dict(zip(map(int, space.masks), h.tolist())) | {0: 0}
            want = [sum(sizes[i] for i in range(4) if m >> i & 1) + value[full & ~int(m)] - value[full] for m in space.masks]
            assert a.dual(sizes).rank_vector().tolist() == want
    with pytest.raises(ValueError, match="dimension 2 > size 1"):
        SubspaceArrangement(2, [[[1, 0], [0, 1]]]).dual([1])


#: An extreme ray of LR_5 of total rank 9 (found by the LR_5 sandwich): no subspace list of
#: GF(2)^9 fits the default budgets; it is found vector by vector, and its dual (total rank 11).
RANK9_RAY = [3, 4, 4, 4, 5, 7, 7, 7, 7, 6, 8, 7, 8, 7, 9, 9, 8, 9, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]


def test_large_binary_spaces_are_searched_vector_by_vector_and_duals_help():
    from cones.linear_rank.subspaces import dual_rank_vector
    found = search_arrangement(RANK9_RAY, fields=(2,), multiples=(1,), max_dimension=11, max_vectors=256,
                               max_subspaces=20_000, max_nodes=20_000)
    assert found.found and found.arrangement.rank_vector().tolist() == RANK9_RAY
    dual = dual_rank_vector(RANK9_RAY)
    assert dual[-1] == 3 + 4 + 4 + 4 + 5 - 9
    # the dual lives in GF(2)^11; it is searched as the dual of RANK9_RAY, in GF(2)^9
    via_dual = search_arrangement(dual, fields=(2,), multiples=(1,), max_dimension=11, max_vectors=256,
                                  max_subspaces=20_000, max_nodes=20_000)
    assert via_dual.found and via_dual.arrangement.rank_vector().tolist() == dual.tolist()
    assert via_dual.tried[0][3] == "dual, found"
