"""HEC_n derived from first principles (Hernández-Cuenca, arXiv:1903.09148 for the counts)."""

import numpy as np
import pytest

from cones.catalogue import build
from cones.contraction import Invalid, Proved, prove_by_contraction
from cones.expressions import parse_inequality
from cones.graph_realisation import NotFound, realise_ray
from cones.space import EntropySpace


@pytest.fixture(scope="module")
def hec():
    return {n: build("holographic", n, progress=False) for n in (3, 4)}


@pytest.mark.parametrize("n, facets, facet_orbits, rays, ray_orbits", [(3, 7, 2, 7, 2), (4, 20, 2, 20, 3)])
def test_settled_counts(hec, n, facets, facet_orbits, rays, ray_orbits):
    cone = hec[n]
    assert cone.status == "settled"
    assert (len(cone.facets), len(cone.facet_orbits)) == (facets, facet_orbits)
    assert (len(cone.rays), len(cone.ray_orbits)) == (rays, ray_orbits)
    assert sum(cone.facet_orbit_sizes) == facets and sum(cone.ray_orbit_sizes) == rays


@pytest.mark.parametrize("n", [3, 4])
def test_every_orbit_has_a_checked_certificate(hec, n):
    cone = hec[n]
    for rep in cone.facet_representatives:
        cert = cone.facet_certificates[tuple(int(v) for v in rep)]
        assert cert.kind == "contraction-map" and cert.verify(tuple(int(v) for v in rep))
    for rep in cone.ray_representatives:
        cert = cone.ray_certificates[tuple(int(v) for v in rep)]
        assert cert.kind == "graph-realisation" and cert.verify(tuple(int(v) for v in rep))


def test_mmi_is_a_facet_found_and_proved(hec):
    space = EntropySpace(3)
    mmi = parse_inequality("S(AB) + S(BC) + S(AC) >= S(A) + S(B) + S(C) + S(ABC)", space)
    assert isinstance(prove_by_contraction(mmi), Proved)
    assert tuple(space.group.canonical(mmi.row)) in {tuple(r) for r in hec[3].facet_representatives}


def test_ghz_is_neither_realised_nor_inside(hec):
    ghz = (1, 1, 1, 1, 1, 1, 1)
    assert isinstance(realise_ray(ghz, EntropySpace(3), max_bulk=2), NotFound)
    assert not hec[3].outer.contains(ghz)


def test_invalid_inequality_comes_back_with_a_violating_graph():
    q = parse_inequality("S(A) + S(B) >= S(AB) + S(C)", EntropySpace(3))
    result = prove_by_contraction(q)
    assert isinstance(result, Invalid)
    s = result.graph.entropy_vector()
    assert int(np.dot(q.row, s)) < 0
