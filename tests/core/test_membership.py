"""EntropyCone.contains / in / check / certificate / _repr_latex_ at n = 3, 4 on several families."""

from fractions import Fraction

import pytest

import cones
from cones.core.bounds import EntropyCone
from cones.core.outer import shannon_cone, ssa_cone
from cones.stabilizer.states import StabilizerRealisation, ghz_state
from polytopes.cone import Cone
from tests.core._elemental import elemental_rows

GHZ3 = [1] * 7
PERFECT4 = [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 0]  # n=4 pure: S = min(|X|, 5 - |X|) on 5 parties


def test_shannon_membership_yes_with_multipliers_no_with_a_facet():
    for n in (3, 4):
        gamma = shannon_cone(n)
        x = [len(bin(m)) - 2 and bin(m).count("1") for m in range(1, 2**n)]  # h(X) = |X|: not in order, fix below
        x = [bin(m).count("1") for m in gamma.space.masks]
        found = gamma.contains(x)
        assert found.answer == "yes" and found.verify() and found.bound == "exact"
        assert all(sum(a * v for a, v in zip(r, found.vector)) >= 0 for r in elemental_rows(n))
        bad = list(x)
        bad[-1] = 0  # H(all) = 0 with H(A) = 1 breaks monotonicity
        no = gamma.contains(bad)
        assert no.answer == "no" and no.verify() and no.facet.evaluate(bad) < 0
        assert x in gamma and bad not in gamma


@pytest.mark.parametrize("family, n, inside, outside", [
    ("holographic", 3, [1, 1, 1, 2, 2, 2, 1], GHZ3),
    ("stabilizer", 3, GHZ3, [1, 1, 1, 2, 2, 2, 4]),
    ("ssa", 3, GHZ3, [1, 1, 1, 2, 2, 2, 4]),
    ("hypergraph", 4, PERFECT4, [1] * 10 + [1, 1, 1, 1, 5]),
    ("linear-rank", 4, [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]),
])
def test_families_at_n_3_and_4(family, n, inside, outside):
    cone = cones.build(family, n, run={"progress": False} if family in ("stabilizer", "hypergraph") else None)
    yes, no = cone.contains(inside), cone.contains(outside)
    assert yes.answer == "yes" and yes.verify() and all(w > 0 for w in yes.multipliers.values())
    rays = {tuple(int(v) for v in r) for r in cone.rays}
    assert set(yes.multipliers) <= rays
    assert no.answer == "no" and no.verify()
    assert tuple(no.facet.row) in {tuple(int(v) for v in r) for r in cone.facets}


def test_a_sandwich_names_the_bound_that_decided():
    space = ssa_cone(3).space
    outer = ssa_cone(3).outer
    inner = Cone.from_v([GHZ3, [1, 0, 1, 1, 0, 1, 0]], dim=7)  # GHZ and a Bell pair A-B... as a toy inner bound
    ghz = StabilizerRealisation(ghz_state(4), ((0,), (1,), (2,)))
    sandwich = EntropyCone("toy", space, outer=outer, inner=inner, ray_certificates={tuple(GHZ3): ghz})
    assert sandwich.status == "sandwich"
    assert sandwich.contains([2, 0, 2, 2, 0, 2, 0]).bound == "inner bound"
    assert sandwich.contains([1, 1, 1, 2, 2, 2, 4]).bound == "outer bound"
    undecided = sandwich.contains([0, 1, 1, 1, 1, 0, 0])
    assert undecided.answer == "undecided" and not undecided.verify()
    with pytest.raises(ValueError, match="undecided"):
        [0, 1, 1, 1, 1, 0, 0] in sandwich
    assert sandwich.check("I(A:B|C) >= 0").verdict == "proved"
    refuted = sandwich.check("-I3(A:B:C) >= 0")  # GHZ is a realised ray
    assert refuted.verdict == "invalid" and refuted.verify() and refuted.bound == "inner bound"
    assert sandwich.check("S(A) >= S(B)").verdict == "undecided"  # the Bell-pair ray carries no certificate


def test_check_certificate_and_latex():
    hec = cones.build("holographic", 3)
    verdict = hec.check("-I3(A:B:C) >= 0")
    assert verdict.verdict == "proved" and verdict.verify()
    rep = hec.facet_representatives[-1]
    assert hec.certificate(rep) is not None
    permuted = hec.space.group.orbit(rep)[-1]
    assert hec.certificate(permuted) is hec.certificate(rep) or hec.certificate(permuted) is not None
    latex = hec._repr_latex_()
    assert latex.startswith("$") and latex.endswith("$") and "settled" in latex
    with pytest.raises(ValueError, match="entries"):
        hec.contains([1, 2, 3])
    assert hec.contains([Fraction(1, 2)] * 3 + [1] * 3 + [Fraction(1, 2)]).answer == "yes"


def test_a_permuted_orbit_representative_refutes_with_its_permuted_model():
    from cones.core.implication import Counterexample

    stab = cones.build("stabilizer", 3, run={"progress": False})
    assert (0, 0, 1, 0, 1, 1, 1) in stab.ray_certificates  # the stored Bell pair is between C and O
    verdict = stab.check("S(B) >= S(A)")  # violated by a Bell pair between A and O
    assert verdict.verdict == "invalid" and verdict.verify()
    cert = verdict.certificate
    assert isinstance(cert, Counterexample) and cert.value < 0 and cert.permutation
    assert cert.vector[0] == 1 and cert.vector[1] == 0
    unpermuted = Counterexample(cert.basis, cert.n, cert.pure, cert.inequality, cert.vector, (), cert.realisation)
    assert not unpermuted.verify()  # the stored model realises the representative, not this vector
