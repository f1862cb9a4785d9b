"""The quantum linear-rank cone: balanced LR_n facets on the purified parties, with SSA and WM."""

import numpy as np
import pytest

from cones.core import inequality_families as families
from cones.core.catalogue import build
from cones.core.outer import ssa_cone
from cones.linear_rank.quantum_linear_rank import balanced, build_quantum_linear_rank, purified_rows
from cones.space import EntropySpace
from polytopes import Cone

SPACE4 = EntropySpace(4, pure=False)


def _r(row, i, space=SPACE4):
    return int(np.asarray(row)[(space.masks >> i & 1) == 1].sum())


@pytest.fixture(scope="module")
def qlr4():
    return build("quantum-linear-rank", 4)


def test_balancing_zeroes_every_r_i():
    rows = families.rows_of(families.elemental_shannon(SPACE4), SPACE4.dim)
    for row in rows:
        b = balanced(row, 4)
        assert all(_r(b, i) == 0 for i in range(4))
    # H(A | BCD) >= 0 balances to nothing; I(A:B|C) and Ingleton are balanced already
    monotone = [r for r in rows if all(c in (0, 1, -1) for c in r) and r.sum() == 0 and np.count_nonzero(r) == 2]
    assert monotone and not balanced(monotone[0], 4).any()
    ingleton = families.rows_of(families.ingleton(SPACE4), SPACE4.dim)
    assert all(np.array_equal(balanced(r, 4), r) for r in ingleton)
    # an unbalanced row: h(A) >= 0 becomes h(ABCD) - h(BCD) >= 0
    h_a = np.zeros(SPACE4.dim, dtype=np.int64)
    h_a[SPACE4.index[1]] = 1
    expected = h_a.copy()
    expected[SPACE4.index[15]] -= 1
    expected[SPACE4.index[14]] += 1
    assert np.array_equal(balanced(h_a, 4), expected)


def test_n4_is_ssa_wm_and_purified_ingleton(qlr4):
    assert qlr4.status == "defined by inequalities"
    assert len(qlr4.facets) == 70 and len(qlr4.facet_orbits) == 3
    space = qlr4.space
    assert space.pure and space.group.order == 120
    ingleton = families.rows_of(families.purified_ingleton(space, elemental=True), space.dim)
    reference = np.vstack([ssa_cone(4).facets, ingleton])
    assert qlr4.outer == Cone.from_h(reference, dim=space.dim, group=space.group)


def test_purified_rows_close_under_s5():
    ingleton = families.rows_of(families.ingleton(SPACE4), SPACE4.dim)
    rows = purified_rows(ingleton, 4)
    pure = EntropySpace(4, pure=True)
    assert len(rows) == 1  # one S_5 orbit of representatives
    orbit = {tuple(r) for r in pure.group.orbit(rows[0]).tolist()}
    named = {tuple(r) for r in families.rows_of(families.purified_ingleton(pure, elemental=True), pure.dim).tolist()}
    assert len(orbit) == 30 and orbit == named


def test_bad_input():
    with pytest.raises(ValueError, match="expected \\(15,\\)"):
        balanced([1, 2, 3], 4)
    with pytest.raises(ValueError, match="n >= 2"):
        build_quantum_linear_rank(1)


@pytest.mark.benchmark  # needs the settled LR_5 (outer-ray enumeration of minutes to hours on 2 cores)
def test_n5_has_31_orbits_and_10860_facets():
    cone = build("quantum-linear-rank", 5)
    assert len(cone.facet_orbits) == 31 and len(cone.facets) == 10860


def test_stored_with_its_facet_witnesses(tmp_path):
    """The cone is known by its facets (no rays computed) and stored so: the loaded cone re-checks
    the witnesses and has the same facets, still without rays."""
    from cones.interface.store import Store

    qlr4 = build("quantum-linear-rank", 4)
    assert qlr4.outer.certified is not None and qlr4.outer._v is None
    store = Store(tmp_path)
    store.put("quantum-linear-rank", 4, qlr4)
    again = store.get("quantum-linear-rank", 4)
    assert again.outer._v is None and again.outer.certified is not None
    assert np.array_equal(again.facets, qlr4.facets) and again.status == "defined by inequalities"
