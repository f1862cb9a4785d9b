"""Completeness of known facets by closure under adjacency (``polytopes.closure``)."""

import numpy as np
import pytest

from cones.core.inequality_families import elemental_shannon, rows_of
from cones.linear_rank.cone import build_linear_rank
from cones.space import EntropySpace
from polytopes import Cone
from polytopes.closure import facets_closed


def _shannon(n):
    space = EntropySpace(n, pure=False)
    A = rows_of(elemental_shannon(space), space.dim)
    return space.group, A, Cone.from_h(A, dim=space.dim).rays


@pytest.mark.parametrize("n", [3, 4])
def test_the_elemental_inequalities_close_the_shannon_cone(n):
    group, A, rays = _shannon(n)
    check = facets_closed(rays, A, group)
    assert check.complete and not check.open and check.checked + check.deferred == len(group.orbits(A))


def test_a_missing_facet_orbit_is_noticed():
    group, A, rays = _shannon(4)
    orbits = group.orbits(A)
    for drop in range(len(orbits)):
        kept = np.vstack([o.representative for i, o in enumerate(orbits) if i != drop])
        assert not facets_closed(rays, kept, group).complete
    # facets of a smaller cone, or a row violated by a ray, are not accepted either
    assert not facets_closed(rays[: len(rays) // 2], A, group).complete
    with pytest.raises(ValueError, match="violated"):
        facets_closed(rays, -A[:1], group)


def test_lr4_facets_close_its_rays_recursively(monkeypatch):
    import polytopes.closure as closure

    lr4 = build_linear_rank(4)
    group = lr4.space.group
    direct = facets_closed(lr4.ray_representatives, lr4.facet_representatives, group)
    monkeypatch.setattr(closure, "_MAX_DIRECT", 0)  # every face checked one dimension down
    recursive = facets_closed(lr4.ray_representatives, lr4.facet_representatives, group)
    assert direct.complete and recursive.complete


def test_rays_complete_without_enumerating_the_cone():
    from polytopes.closure import rays_complete

    group, A, rays = _shannon(4)
    reps = [o.representative for o in group.orbits(rays)]
    assert rays_complete(A, reps, group)
    for drop in range(len(reps)):
        assert not rays_complete(A, reps[:drop] + reps[drop + 1:], group)
