"""Graph realisation of entropy rays, accepted only after an exact min-cut recomputation."""

import itertools
import json

import pytest

from cones.core.certificate_kinds import certificate_from_json, certificate_to_json, verify_certificate
from cones.holographic.realisation import NotFound, Realised, realise_many, realise_ray
from cones.space import EntropySpace
from polytopes._cdd import h_to_v


def sa_mmi_inequalities(space):
    """SA and MMI on single parties among A.., O (purified): S_{n+1} orbits of the n=3 facets."""
    rows = []
    for size, pos, neg in ((2, [(0,), (1,)], [(0, 1)]), (3, [(0, 1), (1, 2), (0, 2)], [(0,), (1,), (2,), (0, 1, 2)])):
        for parties in itertools.combinations(range(space.n + 1), size):
            c = [0] * space.dim
            for sign, terms in ((1, pos), (-1, neg)):
                for term in terms:
                    c[space.coordinate(sum(1 << parties[t] for t in term))] += sign
            rows.append(c)
    return rows


def orbit_representatives(space, rays):
    """Lexicographically least image under permutations of the parties and the purifier."""
    n, reps = space.n, set()
    for r in rays:
        images = []
        for p in itertools.permutations(range(n + 1)):
            image = [0] * space.dim
            for i, m in enumerate(space.masks):
                image[space.coordinate(sum(1 << p[b] for b in range(n + 1) if int(m) >> b & 1))] = r[i]
            images.append(tuple(image))
        reps.add(min(images))
    return sorted(reps)


def assert_realised(result, ray):
    assert isinstance(result, Realised), result
    s = list(result.graph.entropy_vector())
    assert s == [result.scale * v for v in ray] and result.scale > 0
    assert result.verify(ray)
    record = json.loads(json.dumps(certificate_to_json(result)))
    assert verify_certificate(certificate_from_json(record), ray)


@pytest.mark.parametrize("ray", [(1, 1, 0, 0, 1, 1, 0), (0, 1, 1, 1, 1, 2, 2), (1, 1, 1, 2, 2, 2, 1)])
def test_three_party_rays(ray):
    assert_realised(realise_ray(ray), ray)


def test_hec4_ray_orbits_are_realised():
    space = EntropySpace(4)
    rays, lines = h_to_v(sa_mmi_inequalities(space), [], space.dim)
    assert len(rays) == 20 and not lines
    reps = orbit_representatives(space, rays)
    assert len(reps) == 3
    for ray in reps:
        assert_realised(realise_ray(ray, space), ray)


def test_ghz_vector_is_not_found():
    result = realise_ray((1, 1, 1, 1, 1, 1, 1), method="bulk", max_bulk=2)
    assert isinstance(result, NotFound) and result.max_bulk == 2
    assert str(result) == "not found up to 2 bulk vertices"


def test_tampered_realisation_fails_verification():
    result = realise_ray((1, 1, 1, 2, 2, 2, 1))
    assert not Realised(result.graph, (1, 1, 1, 1, 1, 1, 1), result.scale).verify()
    assert not result.verify((1, 1, 1, 1, 1, 1, 1))


def test_realise_many_keeps_order():
    rays = [(1, 1, 1, 2, 2, 2, 1), (1, 1, 2)]
    out = realise_many(rays)
    assert [r.ray for r in out] == rays


def test_bad_input():
    with pytest.raises(ValueError, match="negative"):
        realise_ray((1, -1, 0))
    with pytest.raises(ValueError, match="zero vector"):
        realise_ray((0, 0, 0))
    with pytest.raises(ValueError, match="has 3 entries, the 3-party space has 7"):
        realise_ray((1, 1, 2), EntropySpace(3))
