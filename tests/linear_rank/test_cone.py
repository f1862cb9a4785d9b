"""The linear-rank cone by the inner/outer sandwich: LR_3 = Gamma_3, LR_4 settled (HRSV 2000)."""

import numpy as np
import pytest

from cones.core.inequality_families import ingleton, rows_of
from cones.linear_rank.common_information import prove_by_common_information
from cones.linear_rank.cone import (build_linear_rank, ingleton_instances, shannon_inequalities, substitutions,
                               verify_certificates)
from cones.space import EntropySpace


@pytest.fixture(scope="module")
def lr4():
    return build_linear_rank(4)


def test_lr3_is_the_shannon_cone():
    cone = build_linear_rank(3)
    assert cone.status == "settled"
    assert len(cone.facets) == 9 and len(cone.rays) == 8
    assert all(not c.extensions for c in cone.facet_certificates.values())
    assert verify_certificates(cone)


def test_lr4_is_settled_with_34_facets_and_35_rays_in_10_orbits(lr4):
    assert lr4.status == "settled"
    assert len(lr4.facets) == 34 and len(lr4.rays) == 35
    assert len(lr4.ray_orbits) == 10


def test_lr4_facets_are_shannon_and_the_ingleton_inequalities_it_found(lr4):
    facets = {tuple(f) for f in lr4.facets.tolist()}
    shannon = {tuple(f) for f in shannon_inequalities(4).tolist()}
    assert len(shannon & facets) == 28
    # the six new facets, found from the inner bound, are exactly the named Ingleton family
    assert facets - shannon == {tuple(r) for r in rows_of(ingleton(EntropySpace(4, pure=False)), 15).tolist()}
    reps = [tuple(map(int, r)) for r in lr4.facet_representatives]
    needs = sorted(len(lr4.facet_certificates[f].extensions) for f in reps)
    assert needs == [0, 0, 0, 0, 1]  # four Shannon orbits, Ingleton by one common information


def test_lr4_every_ray_orbit_has_an_arrangement_and_every_facet_orbit_a_proof(lr4):
    reps = {tuple(map(int, r)) for r in lr4.ray_representatives}
    assert reps <= set(lr4.ray_certificates)
    assert verify_certificates(lr4)
    # each ray (not only each orbit) gets its arrangement by renaming the parties
    for cert in lr4.ray_certificates.values():
        for p in ((1, 0, 2, 3), (3, 1, 2, 0)):
            moved = cert.permuted(p)
            assert moved.verify() and moved.ray in set(map(tuple, lr4.rays.tolist()))
    fields = {c.arrangement.q for c in lr4.ray_certificates.values()}
    assert 3 in fields  # U_{2,4} needs GF(3) at its own scale


def test_lr4_sandwich_after_one_round_misses_the_ingleton_violators():
    first = build_linear_rank(4, max_rounds=1, max_extensions=0)  # Shannon only: cannot prove Ingleton
    assert first.status == "sandwich"
    assert len(first.outer.rays) == 41 and len(first.inner.rays) == 35
    assert "1 orbit(s) of outer-bound rays not realised" in first.notes
    # the ray with no arrangement is reported with the fields and dimensions searched
    assert "[2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]: no arrangement found" in first.notes
    assert "GF(2)^4 (multiple 1): none exists; GF(3)^4 (multiple 1): none exists" in first.notes
    assert "GF(3)^8 (multiple 2): dimension above max_dimension" in first.notes


def test_substitutions_lift_inequalities():
    a = np.asarray(rows_of(ingleton(EntropySpace(4, pure=False)), 15)[0])
    lifted = substitutions(a, 4, 5)
    space = EntropySpace(5, pure=False)
    assert lifted.shape[1] == 31 and len(space.group.orbits(lifted)) == 3
    # substituting single parties A..D for A..D gives the inequality itself on five parties
    same = np.zeros(31, dtype=np.int64)
    for mask, c in zip(EntropySpace(4, pure=False).masks, a):
        same[space.index[int(mask)]] = c
    assert any(np.array_equal(same, r) for r in lifted)


def test_ingleton_instances_on_five_variables_are_proved_by_one_common_information():
    instances = ingleton_instances(5)
    assert len(instances) == 4  # three by substitution, one conditioned on the fifth variable
    for row in instances:
        proof = prove_by_common_information(row, 5)
        assert proof is not None and len(proof.extensions) == 1 and proof.verify(row)


@pytest.mark.benchmark  # ~16 min from nothing on 2 cores; stored, so the QLR_5 and Stab_5 benchmarks reuse it
def test_lr5_is_settled_with_the_dfz_counts():
    from cones.interface.store import cached_build

    cone = cached_build("linear-rank", 5)
    assert cone.status == "settled"
    assert len(cone.rays) == 7943 and len(cone.ray_orbits) == 162
    assert len(cone.facets) == 1905
    assert verify_certificates(cone)
    reps = [tuple(map(int, r)) for r in cone.facet_representatives]
    non_shannon = {f for f in reps if cone.facet_certificates[f].extensions}
    assert len(non_shannon - ingleton_instances(5)) == 24  # the DFZ orbits, found from the inner bound
