"""polytopes.Cone: exact conversion, canonical minimal forms, faces, comparison."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.polytopes._cone_examples import elemental_inequalities, ingleton_instances
from polytopes import Cone, PermutationGroup
from polytopes._integers import canonical_rows


@pytest.fixture(scope="module")
def gamma4():
    return Cone.from_h(elemental_inequalities(4))


@pytest.mark.parametrize("n, rays", [(3, 8), (4, 41)])
def test_shannon_cone_rays_and_back(n, rays):
    elemental = elemental_inequalities(n)
    assert len(elemental) == n + comb(n, 2) * 2 ** (n - 2)
    gamma = Cone.from_h(elemental)
    assert len(gamma.rays) == rays and gamma.dim == 2**n - 1 and gamma.is_pointed
    back = Cone.from_v(gamma.rays)
    assert np.array_equal(back.inequalities, canonical_rows(elemental, 2**n - 1))
    assert len(back.equations) == 0 and back == gamma


def test_gamma4_faces(gamma4):
    a = elemental_inequalities(4)
    assert all(gamma4.is_facet(row) for row in a)
    assert not gamma4.is_facet(a[0] + a[5])  # valid, but tight only on a lower-dimensional face
    assert all(gamma4.is_extreme(r) for r in gamma4.rays)
    assert not gamma4.is_extreme(gamma4.rays[0] + gamma4.rays[1])
    inc = gamma4.incidence
    assert inc.shape == (28, 41)
    # every facet holds dim-1 independent rays, every ray lies on dim-1 independent facets
    assert (inc.sum(axis=1) >= 14).all() and (inc.sum(axis=0) >= 14).all()


def test_gamma4_cut_by_ingleton(gamma4):
    ingleton = Cone.from_h(ingleton_instances())
    cut = gamma4 & ingleton
    assert len(cut.rays) == 35
    assert cut <= gamma4 and not gamma4 <= cut and cut < gamma4
    violators = [r for r in gamma4.rays if (ingleton_instances() @ r < 0).any()]
    assert len(violators) == 6
    assert (cut | Cone.from_v(violators)) == gamma4


def test_contains_and_valid(gamma4):
    r = gamma4.rays
    assert gamma4.contains(r.sum(axis=0)) and r[0] in gamma4
    assert gamma4.contains([Fraction(1, 3) * v for v in r[3]])
    assert not gamma4.contains(-r[0])
    assert gamma4.is_valid(elemental_inequalities(4).sum(axis=0))
    assert not gamma4.is_valid(ingleton_instances()[0])


def test_implicit_equalities_become_equations():
    # x >= 0, y >= 0, -x - y >= 0 forces x = y = 0; z is free
    cone = Cone.from_h([[1, 0, 0], [0, 1, 0], [-1, -1, 0]])
    assert cone.dim == 1 and len(cone.inequalities) == 0
    assert cone.equations.tolist() == [[0, 1, 0], [1, 0, 0]]
    assert cone.lines.tolist() == [[0, 0, 1]] and not cone.is_pointed
    assert cone == Cone.from_v([], [[0, 0, -5]])


def test_canonical_forms_do_not_depend_on_input():
    # a 2-dimensional cone in Q^3 with a line: {x >= 0, y free, x + z = 0}
    first = Cone.from_h([[1, 0, 0]], [[1, 0, 1]])
    second = Cone.from_h([[3, 0, 0], [2, 0, -2], [1, 0, 0]], [[-2, 0, -2]])
    third = Cone.from_v([[1, 5, -1], [2, 0, -2]], [[0, -3, 0]])
    for cone in (second, third):
        for what in ("inequalities", "equations", "rays", "lines"):
            assert np.array_equal(getattr(cone, what), getattr(first, what)), what
        assert repr(cone) == repr(first) and hash(cone) == hash(first)
    assert first.inequalities.tolist() == [[1, 0, -1]]  # projected onto the linear hull
    assert first.rays.tolist() == [[1, 0, -1]] and first.lines.tolist() == [[0, 1, 0]]


def test_from_hv_checks_consistency(gamma4):
    ok = Cone.from_hv(gamma4.inequalities, gamma4.rays)
    assert ok == gamma4 and ok.dim == 15
    with pytest.raises(ValueError, match="not a facet"):  # the rays of one facet are missing
        Cone.from_hv(gamma4.inequalities, gamma4.rays[~gamma4.incidence[0]])
    with pytest.raises(ValueError, match="violates"):
        Cone.from_hv(gamma4.inequalities, np.vstack([gamma4.rays, -gamma4.rays[:1]]))
    with pytest.raises(ValueError, match="not extreme"):
        Cone.from_hv(gamma4.inequalities[1:], gamma4.rays)


def _s4_on_subsets():
    """S_4 acting on the subsets of {0,1,2,3}, as permutations of the 15 coordinates."""
    from tests.polytopes._cone_examples import subset_order

    order = subset_order(4)
    index = {m: i for i, m in enumerate(order)}

    def permuted(perm):
        return [index[sum(1 << perm[b] for b in range(4) if m >> b & 1)] for m in order]

    return PermutationGroup([permuted([1, 0, 2, 3]), permuted([1, 2, 3, 0])])


def test_orbit_method_agrees_with_double_description(gamma4, monkeypatch):
    group = _s4_on_subsets()
    cone = Cone.from_h(elemental_inequalities(4), group=group, method="orbits")
    assert np.array_equal(cone.rays, gamma4.rays) and cone.group is group
    back = Cone.from_v(gamma4.rays, group=group, method="orbits")
    assert np.array_equal(back.inequalities, gamma4.inequalities)

    class OrbitsCalled(Exception):
        pass

    def spy(*args, **kwargs):
        raise OrbitsCalled

    import polytopes.adjacency

    monkeypatch.setattr(polytopes.adjacency, "rays_by_orbits", spy)
    Cone.from_h(elemental_inequalities(4), group=group).rays  # 28 rows: "auto" is plain dd
    a = elemental_inequalities(4)
    redundant = np.vstack([a, (a[:, None, :] + a[None, :, :]).reshape(-1, 15)])  # invariant, > 60 rows
    with pytest.raises(OrbitsCalled):  # above the threshold "auto" goes orbit-wise
        Cone.from_h(redundant, group=group).rays
    with pytest.raises(ValueError, match="needs a group"):
        Cone.from_h(elemental_inequalities(4), method="orbits")
    with pytest.raises(ValueError, match="unknown conversion method"):
        Cone.from_h(elemental_inequalities(4), method="fourier")
    with pytest.raises(ValueError, match="acts on 15 coordinates"):
        Cone.from_h([[1, 0]], group=group)


def test_bad_input():
    with pytest.raises(ValueError, match="ragged"):
        Cone.from_h([[1, 0], [1]])
    with pytest.raises(ValueError, match="not an exact rational"):
        Cone.from_v([[0.5, 1]])
    with pytest.raises(ValueError, match="empty input"):
        Cone.from_h([])
    with pytest.raises(ValueError, match="dimension mismatch"):
        Cone.from_h([[1, 0]], [[1, 0, 0]])
    cone = Cone.from_h([[1, 0]])
    with pytest.raises(ValueError, match="length 3"):
        cone.contains([1, 2, 3])
    with pytest.raises(ValueError, match="different dimensions"):
        cone <= Cone.from_h([[1, 0, 0]])
    with pytest.raises(TypeError):
        Cone([[1, 0]])


def test_display(gamma4):
    assert "extreme rays=41" in repr(gamma4) and "facets=28" in repr(gamma4)
    fresh = Cone.from_v([[1, 0], [0, 1]])
    assert "not reduced" in repr(fresh)  # nothing computed just to print
    assert "<table>" in gamma4._repr_html_() and r"\mathbb{Q}^{15}" in gamma4._repr_latex_()


def test_empty_and_whole_space():
    whole = Cone.from_h([], dim=3)
    assert whole.dim == 3 and len(whole.lines) == 3 and len(whole.rays) == 0
    origin = Cone.from_v([], dim=3)
    assert origin.dim == 0 and len(origin.equations) == 3 and origin <= whole and not whole <= origin


_small_rows = st.integers(2, 4).flatmap(
    lambda d: st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=1, max_size=6)
)


@settings(max_examples=25, deadline=None)
@given(_small_rows)
def test_round_trip_h_v_h(rows):
    cone = Cone.from_h(rows)
    again = Cone.from_v(cone.rays, cone.lines)
    assert np.array_equal(again.inequalities, cone.inequalities)
    assert np.array_equal(again.equations, cone.equations)
    assert all(cone.is_valid(r) for r in rows)  # the input is valid on the result


@settings(max_examples=25, deadline=None)
@given(_small_rows)
def test_round_trip_v_h_v(rows):
    cone = Cone.from_v(rows)
    again = Cone.from_h(cone.inequalities, cone.equations)
    assert np.array_equal(again.rays, cone.rays)
    assert np.array_equal(again.lines, cone.lines)
    assert all(cone.contains(r) for r in rows)


def test_from_facets_knows_its_facets_without_rays():
    """A cone given by facet orbits with irredundancy witnesses: checked exactly, no conversion."""
    from cones.core.outer import ssa_cone
    from cones.core.sandwich import irredundant
    from cones.space import EntropySpace

    space = EntropySpace(4)
    ssa = ssa_cone(4).outer
    reps = [tuple(map(int, o.representative)) for o in space.group.orbits(ssa.inequalities)]
    keep, witnesses = irredundant(reps, space.group, witnesses=True)
    cone = Cone.from_facets(keep, witnesses, dim=space.dim, group=space.group)
    assert cone._v is None and cone._minimal is None  # nothing converted ...
    assert len(cone.inequalities) == 40 and cone.dim == 15 and cone.is_pointed and not len(cone.equations)
    assert cone._v is None and cone._minimal is None  # ... even after these
    assert cone == ssa and cone.certified[1].shape == (2, 15)
    with pytest.raises(ValueError, match="does not show"):
        Cone.from_facets(keep, witnesses[::-1], dim=space.dim, group=space.group)
    with pytest.raises(ValueError, match="2 representatives but 1"):
        Cone.from_facets(keep, witnesses[:1], dim=space.dim, group=space.group)
    with pytest.raises(ValueError, match="not full-dimensional"):
        Cone.from_facets([[1, 0], [-1, 0]], [[-1, 0], [1, 0]], dim=2)


def test_from_extreme_rays_knows_its_rays_without_facets():
    cone = Cone.from_extreme_rays([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[-1, 0, 0], [0, -1, 0], [0, 0, -1]], dim=3)
    assert cone._h is None and len(cone.rays) == 3 and cone.dim == 3 and cone.is_pointed
    assert cone._h is None and cone == Cone.from_h(np.eye(3, dtype=int))
    with pytest.raises(ValueError, match="to be extreme"):
        Cone.from_extreme_rays([[1, 0], [1, 1], [0, 1]], [[-1, 0], [-1, 1], [0, -1]], dim=2)
    with pytest.raises(ValueError, match="not pointed"):
        Cone.from_extreme_rays([[1, 0], [-1, 0]], [[-1, 0], [1, 0]], dim=2)
