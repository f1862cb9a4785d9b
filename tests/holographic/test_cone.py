"""HEC_n derived from first principles (Hernández-Cuenca, arXiv:1903.09148 for the counts)."""

import numpy as np
import pytest

from cones.core.catalogue import build
from cones.holographic.contraction import Invalid, Proved, prove_by_contraction
from cones.expressions import parse_inequality
from cones.holographic.realisation import NotFound, realise_ray
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


@pytest.fixture(scope="module")
def hec5():
    from cones.interface.store import cached_build

    return cached_build("holographic", 5)  # the session's fresh store: built here, loaded by test_paper


def test_hec5_settled_from_first_principles(hec5):
    """Hernández-Cuenca, arXiv:1903.09148: 372 facets in 8 orbits, 2,267 extreme rays in 19 orbits."""
    assert hec5.status == "settled"
    assert (len(hec5.facets), len(hec5.facet_orbits)) == (372, 8)
    assert (len(hec5.rays), len(hec5.ray_orbits)) == (2267, 19)
    assert sum(hec5.facet_orbit_sizes) == 372 and sum(hec5.ray_orbit_sizes) == 2267


def test_hec5_every_orbit_has_an_independently_checked_certificate(hec5):
    from cones.core.certificate_kinds import certificate_from_json, certificate_to_json

    for reps, certs, kind in ((hec5.facet_representatives, hec5.facet_certificates, "contraction-map"),
                              (hec5.ray_representatives, hec5.ray_certificates, "graph-realisation")):
        for rep in reps:
            row = tuple(int(v) for v in rep)
            cert = certificate_from_json(certificate_to_json(certs[row]))  # re-read, then re-verified
            assert cert.kind == kind and cert.verify(row)


def test_hec5_facets_beyond_sa_and_mmi_were_found_not_given(hec5):
    from cones.core import inequality_families as families

    space = EntropySpace(5)
    seeds = {tuple(space.group.canonical(q.row)) for q in (*families.sa(space), *families.mmi(space))}
    found = [tuple(int(v) for v in r) for r in hec5.facet_representatives if tuple(int(v) for v in r) not in seeds]
    assert len(found) == 5 and all(np.dot(r, hec5.rays.T).min() == 0 for r in found)
