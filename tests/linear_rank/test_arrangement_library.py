"""The library of random arrangements: lookups certified by an arrangement, seeds of LR_4."""

import numpy as np
import pytest

from cones.linear_rank.arrangement_library import ArrangementLibrary
from cones.linear_rank.cone import build_linear_rank, library_seeds, shannon_inequalities
from cones.core.sandwich import full_orbits
from polytopes import Cone


@pytest.fixture(scope="module")
def library():
    return ArrangementLibrary.sample(4, batches=40, batch_size=500, max_dimension=3, seed=1)


def test_lookups_are_certified_by_an_arrangement(library):
    space = library.space
    assert len(library) > 50 and library.rows[0] in library
    for row in library.rows[:: max(1, len(library) // 20)]:
        moved = np.asarray(row)[space.coordinate_permutation([1, 2, 3, 0])]  # another orbit member
        cert = library.realise(moved)
        assert cert is not None and cert.verify(tuple(map(int, moved)))
    assert library.realise([1] * 15) is not None  # four equal lines
    with pytest.raises(ValueError, match="coordinates"):
        library.realise([1, 2, 3])


def test_certain_seeds_are_extreme_rays_of_lr4(library):
    lr4 = build_linear_rank(4)
    seeds = library_seeds(library, full_orbits([tuple(map(int, r)) for r in shannon_inequalities(4)], lr4.space.group, 15))
    rays = {tuple(map(int, r)) for r in lr4.ray_representatives}
    assert seeds and set(seeds) <= rays
    shannon_rays = Cone.from_h(shannon_inequalities(4), dim=15).rays
    non_linear = [r for r in shannon_rays if (np.asarray(lr4.facets) @ r < 0).any()]
    assert non_linear and all(r not in library for r in lr4.space.group.canonical_rows(np.array(non_linear)))


def test_refuting_by_the_library_returns_a_certified_violator(library):
    from cones.core.inequality_families import ingleton, rows_of
    a = rows_of(ingleton(library.space), 15)[0]
    assert library.refute(a) is None  # Ingleton holds for every arrangement
    vector, cert = library.refute(-a)  # its reverse does not
    assert np.dot(-a, vector) < 0 and cert.verify(vector)
    with pytest.raises(ValueError, match="coefficients"):
        library.refute([1, 2])
