import numpy as np
import pytest

from cones.core import inequality_families as families
from cones.core.outer import holographic_outer_cone, shannon_cone, ssa_cone, subadditivity_cone
from cones.space import EntropySpace
from polytopes.cone import Cone


def rows_of(array):
    return {tuple(r) for r in np.asarray(array).tolist()}


def bell_pair(space, i, j):
    """A Bell pair between purified parties i and j (bit n = O): S(X) = 1 iff X splits the pair."""
    return tuple(int((m >> i & 1) != (m >> j & 1)) for m in space.masks.tolist())


def ghz(space):
    """GHZ on all n+1 purified parties: every non-trivial subset has entropy 1."""
    return tuple(1 for _ in range(space.dim))


def perfect_tensor(space):
    """A perfect tensor on the n+1 purified parties: S(X) = min(|X|, n+1-|X|)."""
    m = space.n + 1
    return tuple(min(bin(x).count("1"), m - bin(x).count("1")) for x in space.masks.tolist())


def test_ssa_cone_3():
    cone = ssa_cone(3)
    space = cone.space
    assert len(cone.facets) == 12 and len(cone.facet_orbits) == 2
    assert len(cone.rays) == 8 and len(cone.ray_orbits) == 3
    bells = {bell_pair(space, i, j) for i in range(4) for j in range(i + 1, 4)}
    assert rows_of(cone.rays) == bells | {ghz(space), perfect_tensor(space)}
    assert perfect_tensor(space) == (1, 1, 1, 2, 2, 2, 1)
    assert sorted(cone.ray_orbit_sizes) == [1, 1, 6]
    assert cone.status == "defined by inequalities" and cone.is_exact and not cone.settled


def test_holographic_outer_cone_3():
    cone = holographic_outer_cone(3)
    assert len(cone.facets) == 7 and sorted(cone.facet_orbit_sizes) == [1, 6]
    assert len(cone.rays) == 7
    assert ghz(cone.space) not in rows_of(cone.rays)  # MMI cuts GHZ off


def test_ssa_cone_4():
    cone = ssa_cone(4)
    assert len(cone.facets) == 40 and len(cone.rays) == 76
    assert rows_of(cone.facets) == {q.row for q in families.ssa(cone.space, elemental=True)}


def test_ssa_cone_4_with_purified_ingleton():
    ssa = ssa_cone(4)
    space = ssa.space
    ingleton = families.rows_of(families.purified_ingleton(space), space.dim)
    assert len(ingleton) == 60
    # with the group attached the conversion goes orbit-wise (plain double description takes minutes)
    cone = Cone.from_h(np.vstack([ssa.facets, ingleton]), dim=space.dim, group=space.group)
    facets = cone.inequalities
    assert len(facets) == 70
    orbits = space.group.orbits(facets)
    assert sorted(o.size for o in orbits) == [10, 30, 30]
    sa = rows_of(families.rows_of(families.sa(space, elemental=True), space.dim))
    elemental_ingleton = {q.row for q in families.purified_ingleton(space, elemental=True)}
    assert len(rows_of(facets) & sa) == 10
    assert rows_of(facets) & rows_of(ingleton) == elemental_ingleton and len(elemental_ingleton) == 30
    assert len(rows_of(facets) - sa - elemental_ingleton) == 30  # SSA/WM
    assert len(cone.rays) == 46 and len(space.group.orbits(cone.rays)) == 7


def test_holographic_outer_cone_4():
    cone = holographic_outer_cone(4)
    assert len(cone.facets) == 20 and len(cone.rays) == 20


def test_shannon_cone_4():
    cone = shannon_cone(4)
    assert len(cone.facets) == 28 and len(cone.rays) == 41
    assert not cone.space.pure and cone.group.order == 24


def test_subadditivity_cone():
    one = subadditivity_cone(1)
    assert one.facets.tolist() == [[1]] and one.rays.tolist() == [[1]]
    three = subadditivity_cone(3)
    # SA alone: the SSA cone is inside it, and the perfect tensor ray of SSA is a ray of neither smaller cone
    assert ssa_cone(3).outer <= three.outer
    assert three.outer.contains(perfect_tensor(three.space))


def test_cones_carry_their_space_and_group():
    cone = ssa_cone(3)
    assert cone.space == EntropySpace(3) and cone.outer.group is cone.space.group
    assert cone.group.order == 24
    with pytest.raises(ValueError, match="between 1 and"):
        ssa_cone(0)
