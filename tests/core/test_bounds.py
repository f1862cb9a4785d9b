import numpy as np
import pytest

from cones.core.bounds import EntropyCone
from cones.core.outer import ssa_cone
from cones.space import EntropySpace
from polytopes.cone import Cone


def test_status_of_bounds():
    ssa = ssa_cone(3)
    space = ssa.space
    outer = ssa.outer
    inner = Cone.from_v(ssa.rays, dim=space.dim)
    smaller = Cone.from_v(ssa.rays[:-1], dim=space.dim)
    assert EntropyCone("x", space, outer=outer).status == "outer bound"
    assert EntropyCone("x", space, inner=inner).status == "inner bound"
    settled = EntropyCone("x", space, outer=outer, inner=inner)
    assert settled.settled and settled.status == "settled"
    sandwich = EntropyCone("x", space, outer=outer, inner=smaller)
    assert not sandwich.settled and sandwich.status == "sandwich"
    assert len(sandwich.facets) == 12 and len(sandwich.rays) == 7  # facets of the outer, rays of the inner bound


def test_orbits_summary_and_html():
    cone = ssa_cone(3)
    assert sorted(cone.facet_orbit_sizes) == [6, 6] and cone.facet_representatives.shape == (2, 7)
    assert all(np.array_equal(cone.group.canonical(r), r) for r in cone.ray_representatives)
    text = cone.summary()
    assert "12 in 2 orbits" in text and "8 in 3 orbits" in text and "defined by inequalities" in text
    assert "<table>" in cone._repr_html_()
    assert sorted(len(q.terms) for q in cone.inequalities(orbits=True)) == [3, 4]


def test_bad_bounds():
    space = EntropySpace(3)
    with pytest.raises(ValueError, match="outer bound, an inner bound or both"):
        EntropyCone("x", space)
    with pytest.raises(ValueError, match="dimension 3"):
        EntropyCone("x", space, outer=Cone.from_h([[1, 0, 0]]))


def test_undecided_bounds_are_a_sandwich_without_the_exact_comparison():
    from cones.core.inequality_families import elemental_shannon, rows_of
    from cones.core.serialization import entropy_cone_from_json, entropy_cone_to_json

    space = EntropySpace(3, pure=False)
    A = rows_of(elemental_shannon(space), space.dim)
    rays = Cone.from_h(A, dim=space.dim).rays
    equal = EntropyCone("shannon", space, outer=Cone.from_h(A, dim=space.dim), inner=Cone.from_v(rays, dim=space.dim))
    assert equal.settled
    undecided = EntropyCone("shannon", space, outer=Cone.from_h(A, dim=space.dim),
                            inner=Cone.from_v(rays, dim=space.dim), undecided=True)
    assert not undecided.settled and undecided.status == "sandwich"
    again = entropy_cone_from_json(entropy_cone_to_json(undecided))
    assert again.undecided and again.status == "sandwich"
