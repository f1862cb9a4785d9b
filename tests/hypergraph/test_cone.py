"""The hypergraph cone from first principles: HC_3 = SSA cone, HC_4 = SSA + purified Ingleton; realisations; CLI."""

import numpy as np
import pytest

from cones.core import catalogue
from cones.core import inequality_families as families
from cones.core.certificate_kinds import certificate_from_json, certificate_to_json
from cones.interface.cli import main
from cones.holographic.contraction_check import ContractionCertificate
from cones.holographic.realisation import NotFound
from cones.stabilizer.graph_states import edges_to_adjacency, graph_state_entropy_vector
from cones.hypergraph.cone import hypergraph_family
from cones.hypergraph.gap import (
    random_hypergraph_rays,
    separating_facet,
    small_separating_inequality,
)
from cones.hypergraph.realisation import HypergraphRealised, realise_ray_by_hypergraph
from cones.core.outer import ssa_cone
from cones.hypergraph.set_contraction import CONDITION
from cones.space import EntropySpace


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
    ssa3 = ssa_cone(3).outer
    assert np.array_equal(cone.facets, ssa3.inequalities) and np.array_equal(cone.rays, ssa3.rays)
    assert (len(cone.facets), len(cone.facet_orbits)) == (12, 2)
    assert (len(cone.rays), len(cone.ray_orbits)) == (8, 3)
    check_certificates(cone)
    again = catalogue.build("hypergraph", 3, progress=False, checkpoint=tmp_path / "hc3.jsonl")
    assert again.outer == cone.outer and again.timings.get("prove", 0) < cone.timings["prove"] + 1


def test_hc4_is_ssa_plus_purified_ingleton(hc4):
    space = EntropySpace(4)
    rows = np.array([q.row for q in (*families.ssa(space, elemental=True), *families.purified_ingleton(space))])
    assert hc4.settled
    # {SSA, Ingleton >= 0} is inside HC_4 (every facet is one of the rows) and contains it
    # (every row is valid on every extreme ray): the two cones are equal
    assert {tuple(r) for r in hc4.facets.tolist()} <= {tuple(r) for r in rows.tolist()}
    assert (rows @ hc4.rays.T >= 0).all()
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
    found = realise_ray_by_hypergraph(ray, space, method="bulk", max_bulk=1)
    assert isinstance(found, HypergraphRealised) and found.verify(ray)
    assert len(found.hypergraph.bulk) == 1
    # an extreme ray of the SSA cone that violates the purified Ingleton inequality
    ssa_rays = ssa_cone(4).rays
    ingleton = np.array([q.row for q in families.purified_ingleton(space)])
    bad = next(r for r in ssa_rays if (ingleton @ r < 0).any())
    assert isinstance(realise_ray_by_hypergraph(bad, space, method="bulk", max_bulk=1, time_limit=5), NotFound)
    with pytest.raises(ValueError, match="negative entropies"):
        realise_ray_by_hypergraph([-1, 1, 1], EntropySpace(2))


def test_command_line_build(capsys):
    assert main(["build", "hypergraph", "-n", "3"]) == 0
    out = capsys.readouterr().out
    assert "settled" in out and "12 in 2 orbits" in out and "8 in 3 orbits" in out


def six_qubit_witness():
    """The graph state with edges AC, AD, AO, BC, BD, BE, one qubit per party (O included)."""
    space = EntropySpace(5)
    labels = space.all_labels
    edges = [(labels.index(a), labels.index(b)) for a, b in ("AC", "AD", "AO", "BC", "BD", "BE")]
    return graph_state_entropy_vector(edges_to_adjacency(edges, 6), list(range(6)), 5)


def test_six_qubit_graph_state_lies_outside_random_hypergraph_cones():
    space = EntropySpace(5)
    x = six_qubit_witness()
    published = "1 1 1 1 1 | 2 2 2 2 2 2 1 1 2 2 | 2 2 2 2 2 2 2 2 2 2 | 2 2 2 2 1 | 1"
    assert x.tolist() == [int(v) for v in published.replace("|", " ").split()]
    # inside the outer bound SSA + purified Ingleton: the state sits in the gap
    outer = np.array([q.row for q in (*families.ssa(space, elemental=True), *families.purified_ingleton(space))])
    assert (outer @ x >= 0).all()
    reps = random_hypergraph_rays(5, samples=1000, seed=1)
    a, _ = separating_facet(reps, x, space)
    assert a is not None and int(a @ x) < 0
    images = reps[:, space.group.elements].reshape(-1, space.dim)
    assert (images @ a >= 0).all()  # exact: valid on every vector of the inner bound
    assert len(reps) > 500


def test_small_separating_inequality_finds_subadditivity():
    space = EntropySpace(3)
    x = [1, 1, 1, 1, 1, 1, 3]  # S(O) = 3 > S(A) + S(BC): violates SA
    reps = random_hypergraph_rays(3, samples=300)
    a = small_separating_inequality(reps, x, space)
    assert int(a @ np.array(x)) < 0 and np.abs(a).sum() == 3
    assert (ssa_cone(3).rays @ a >= 0).all()  # valid on HC_3
    # excluding it (and its images) gives another separating inequality
    b = small_separating_inequality(reps, x, space, exclude=[a])
    assert int(b @ np.array(x)) < 0 and (ssa_cone(3).rays @ b >= 0).all()
    assert tuple(space.group.canonical(b)) != tuple(space.group.canonical(a))


def test_five_party_gap_inequality_is_found_and_proved(five_party_gap):
    """About a minute (in the shared fixture): the program finds and proves the separating inequality."""
    _, x, found = five_party_gap
    assert x.tolist() == six_qubit_witness().tolist()
    assert found.inequality is not None, found.log
    assert int(np.dot(found.inequality, x)) < 0
    assert found.certificate.condition == CONDITION and found.certificate.verify(found.inequality)
