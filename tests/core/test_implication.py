"""Shannon-type proofs and refutations with exact certificates (cones.core.implication)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from cones.core.certificate_kinds import certificate_from_json, certificate_to_json
from cones.core.implication import Counterexample, Implication, basis_rows, check_certificate_json, decide, implication
from cones.core.outer import shannon_cone
from cones.expressions import parse_inequality
from cones.space import EntropySpace
from tests.core._elemental import elemental_rows

ZHANG_YEUNG = "2*I(C:D) <= I(A:B) + I(A:CD) + 3*I(C:D|A) + I(C:D|B)"
HAN_4 = "3*H(ABCD) <= H(ABC) + H(ABD) + H(ACD) + H(BCD)"


def _shannon(text, n, given=()):
    space = EntropySpace(n, pure=False)
    return implication(basis_rows("shannon", space), parse_inequality(text, space), "shannon",
                       [parse_inequality(g, space) for g in given])


def _recombine(proof):
    total = [Fraction(0)] * len(proof.inequality)
    for row, w in zip(proof.rows, proof.multipliers):
        assert w > 0
        total = [t + w * v for t, v in zip(total, row)]
    return tuple(total)


def test_basis_is_gamma_n():
    for n in (2, 3, 4):
        assert sorted(map(tuple, basis_rows("shannon", EntropySpace(n, pure=False)).tolist())) == sorted(elemental_rows(n))


@pytest.mark.parametrize("n", [2, 3])
def test_every_elemental_inequality_is_its_own_proof(n):
    space = EntropySpace(n, pure=False)
    for row in elemental_rows(n):
        proof = implication(basis_rows("shannon", space), parse_inequality(
            " + ".join(f"{c}*S({space.coordinate_names[i]})" for i, c in enumerate(row) if c) + " >= 0", space), "shannon")
        assert isinstance(proof, Implication) and proof.verify() and proof.rows == (row,)


def test_mutual_information_at_most_entropy():
    proof = _shannon("I(A:B) <= H(A)", 2)
    assert isinstance(proof, Implication) and proof.verify()
    assert proof.rows == ((0, -1, 1),) and proof.multipliers == (1,)  # H(AB) - H(B) >= 0


def test_han_inequality_on_four_variables_multipliers_rechecked_independently():
    proof = _shannon(HAN_4, 4)
    assert isinstance(proof, Implication) and proof.verify()
    assert set(proof.rows) <= set(elemental_rows(4))
    assert _recombine(proof) == proof.inequality == (0,) * 10 + (1, 1, 1, 1, -3)


def test_zhang_yeung_is_not_shannon_type_violating_polymatroid_checked_against_gamma_4():
    found = _shannon(ZHANG_YEUNG, 4)
    assert isinstance(found, Counterexample) and found.verify()
    rows = elemental_rows(4)
    h = found.vector
    assert all(sum(a * v for a, v in zip(r, h)) >= 0 for r in rows)  # a polymatroid
    assert sum(a * v for a, v in zip(found.inequality, h)) < 0
    tight = [r for r in rows if sum(a * v for a, v in zip(r, h)) == 0]
    assert sympy.Matrix(tight).rank() == 14  # an extreme ray of Gamma_4


def test_ingleton_is_not_shannon_type():
    found = _shannon("I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B)", 4)
    assert isinstance(found, Counterexample) and found.verify()


def test_markov_chain_given_proves_data_processing():
    proof = _shannon("I(A:C) <= I(A:B)", 3, given=["I(A:C|B) = 0"])
    assert isinstance(proof, Implication) and proof.verify() and proof.given
    assert isinstance(_shannon("I(A:C) <= I(A:B)", 3), Counterexample)


def test_certificates_survive_json_and_tampering_is_caught():
    for cert in (_shannon(HAN_4, 4), _shannon(ZHANG_YEUNG, 4)):
        again = certificate_from_json(certificate_to_json(cert))
        assert again == cert and again.verify()
    proof = _shannon(HAN_4, 4)
    data = certificate_to_json(proof)
    data["data"]["multipliers"][0] = str(Fraction(data["data"]["multipliers"][0]) + 1)
    assert not certificate_from_json(data).verify()
    bad = certificate_to_json(_shannon(ZHANG_YEUNG, 4))
    bad["data"]["vector"][0] = "-5"
    assert not certificate_from_json(bad).verify()


def test_decide_on_a_defined_cone_and_the_verdict_json_checker():
    gamma = shannon_cone(3)
    verdict = decide(gamma, parse_inequality("I(A:B|C) >= 0", gamma.space))
    assert verdict.verdict == "proved" and verdict.verify() and check_certificate_json(verdict.to_json())
    verdict = decide(gamma, parse_inequality("I(A:B) >= I(A:B|C)", gamma.space))
    assert verdict.verdict == "invalid" and verdict.verify() and check_certificate_json(verdict.to_json())
    record = verdict.to_json()
    record["verdict"] = "proved"
    assert not check_certificate_json(record)
    with pytest.raises(ValueError):
        decide(gamma, parse_inequality("I(A:B) >= 0", EntropySpace(3)))


def test_counterexample_is_an_exact_array():
    found = _shannon(ZHANG_YEUNG, 4)
    assert all(isinstance(v, Fraction) for v in found.vector) and np.array(found.vector).shape == (15,)
