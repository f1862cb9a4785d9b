"""The hypergraph cone from first principles: HC_3 = SSA cone, HC_4 = SSA + purified Ingleton; realisations; CLI."""

import numpy as np
import pytest

from cones import catalogue, families
from cones.certificate_kinds import certificate_from_json, certificate_to_json
from cones.cli import main
from cones.contraction_check import ContractionCertificate
from cones.graph_realisation import NotFound
from cones.hypergraph import hypergraph_family
from cones.hypergraph_realisation import HypergraphRealised, realise_ray_by_hypergraph
from cones.outer import ssa_cone
from cones.set_contraction import CONDITION
from cones.space import EntropySpace
from polytopes import Cone


@pytest.fixture(scope="module")
def hc4():
    return catalogue.build("hypergraph", 4, progress=False)


def check_certificates(cone):
    assert set(cone.facet_certificates) == {tuple(map(int, r)) for r in cone.facet_representatives}
    assert set(cone.ray_certificates) == {tuple(map(int, r)) for r in cone.ray_representatives}
    for row, cert in cone.facet_certificates.items():
        assert isinstance(cert, ContractionCertificate) and cert.condition == CONDITION
        assert cert.verify(row)
        assert certificate_from_json(certificate_to_json(cert)).verify(row)
    for row, cert in cone.ray_certificates.items():
        assert isinstance(cert, HypergraphRealised) and cert.verify(row)
        assert certificate_from_json(certificate_to_json(cert)).verify(row)


def test_hc3_is_the_ssa_cone(tmp_path):
    cone = catalogue.build("hypergraph", 3, progress=False, checkpoint=tmp_path / "hc3.jsonl")
    assert cone.settled
    assert cone.outer == ssa_cone(3).outer
    assert (len(cone.facets), len(cone.facet_orbits)) == (12, 2)
    assert (len(cone.rays), len(cone.ray_orbits)) == (8, 3)
    check_certificates(cone)
    again = catalogue.build("hypergraph", 3, progress=False, checkpoint=tmp_path / "hc3.jsonl")
    assert again.outer == cone.outer and again.timings.get("prove", 0) < cone.timings["prove"] + 1


def test_hc4_is_ssa_plus_purified_ingleton(hc4):
    space = EntropySpace(4)
    expected = Cone.from_h([q.row for q in (*families.ssa(space, elemental=True), *families.purified_ingleton(space))],
                           dim=space.dim)
    assert hc4.settled
    assert hc4.outer == expected
    assert (len(hc4.facets), len(hc4.facet_orbits)) == (70, 3)
    assert (len(hc4.rays), len(hc4.ray_orbits)) == (46, 7)
    check_certificates(hc4)


def test_ingleton_is_found_not_seeded(hc4):
    space = EntropySpace(4)
    seeds = set(hypergraph_family(4).seeds)
    ingleton = {tuple(map(int, space.group.canonical(q.coefficients))) for q in families.purified_ingleton(space)}
    found = ingleton & set(hc4.facet_certificates)
    assert found and not found & seeds


def test_realisation_of_a_ray_and_an_honest_failure():
    space = EntropySpace(4)
    ray = (1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)
    found = realise_ray_by_hypergraph(ray, space, max_bulk=1)
    assert isinstance(found, HypergraphRealised) and found.verify(ray)
    assert len(found.hypergraph.bulk) == 1
    # an extreme ray of the SSA cone that violates the purified Ingleton inequality
    ssa_rays = ssa_cone(4).rays
    ingleton = np.array([q.row for q in families.purified_ingleton(space)])
    bad = next(r for r in ssa_rays if (ingleton @ r < 0).any())
    assert isinstance(realise_ray_by_hypergraph(bad, space, max_bulk=1, time_limit=5), NotFound)
    with pytest.raises(ValueError, match="negative entropies"):
        realise_ray_by_hypergraph([-1, 1, 1], EntropySpace(2))


def test_command_line_build(capsys):
    assert main(["build", "hypergraph", "-n", "3"]) == 0
    out = capsys.readouterr().out
    assert "settled" in out and "12 in 2 orbits" in out and "8 in 3 orbits" in out
