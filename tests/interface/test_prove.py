"""cones.prove on every model, and `cones prove --model M --certificate FILE`."""

import json

import pytest

import cones
from cones.core.implication import Counterexample, Implication, check_certificate_json
from cones.interface.cli import main
from cones.linear_rank.common_information import CommonInformationProof
from tests.core._elemental import elemental_rows

INGLETON = "I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B)"
MMI = "-I3(A:B:C) >= 0"


def test_shannon_model_is_the_default():
    verdict = cones.prove("I(A:B) <= H(A)")
    assert verdict.verdict == "proved" and verdict.model == "shannon" and verdict.verify()


def test_ingleton_not_shannon_type_but_linear_rank():
    shannon = cones.prove(INGLETON, model="shannon")
    assert shannon.verdict == "invalid" and isinstance(shannon.certificate, Counterexample) and shannon.verify()
    assert all(sum(a * v for a, v in zip(r, shannon.certificate.vector)) >= 0 for r in elemental_rows(4))
    linear = cones.prove(INGLETON, model="linear-rank")
    assert linear.verdict == "proved" and isinstance(linear.certificate, CommonInformationProof)
    assert linear.certificate.extensions and linear.verify()


def test_mmi_refuted_on_stabilizer_states_by_ghz():
    verdict = cones.prove(MMI, model="stabilizer")
    assert verdict.verdict == "invalid" and verdict.verify()
    witness = verdict.certificate
    assert witness.vector == (1,) * 7  # S(X) = 1 for every X: the 4-party GHZ state
    assert witness.realisation.entropy_vector().tolist() == [1] * 7  # recomputed from the stabilizer tableau


def test_quantum_models():
    assert cones.prove("I(A:B|C) >= 0", model="quantum").verdict == "proved"
    ssa = cones.prove("S(AB) + S(BC) >= S(A) + S(C)", model="ssa")  # weak monotonicity
    assert ssa.verdict == "proved" and ssa.verify() and isinstance(ssa.certificate, Implication)
    assert cones.prove(MMI, model="ssa").verdict == "invalid"
    qlr = cones.prove(MMI, model="quantum-linear-rank")
    assert qlr.verdict == "invalid" and qlr.verify()


def test_holographic_family_proves_mmi_with_facet_multipliers():
    verdict = cones.prove(MMI, model="holographic")
    assert verdict.verdict == "proved" and verdict.verify() and verdict.bound == "exact"


def test_given_markov_chain():
    verdict = cones.prove("I(A:C) <= I(A:B)", given=["A-B-C"])
    assert verdict.verdict == "proved" and verdict.verify()
    with pytest.raises(ValueError, match="equality"):
        cones.prove("I(A:C) <= I(A:B)", given=["I(A:B) >= 0"])


def test_bad_models_and_spaces():
    with pytest.raises(ValueError, match="unknown cone family"):
        cones.prove("I(A:B) >= 0", model="nonsense")
    with pytest.raises(ValueError, match="not an equation"):
        cones.prove("I(A:B) == 0")


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prove_shannon_writes_a_certificate_checked_independently(capsys, tmp_path):
    path = tmp_path / "han.json"
    code, out, _ = run(capsys, "prove", "3*H(ABCD) <= H(ABC) + H(ABD) + H(ACD) + H(BCD)", "--model", "shannon",
                       "--certificate", str(path))
    assert code == 0 and out.startswith("proved: ")
    data = json.loads(path.read_text())
    assert check_certificate_json(data)
    rows = data["certificate"]["data"]["rows"]
    assert {tuple(r) for r in rows} <= set(elemental_rows(4))


def test_cli_prove_zhang_yeung_and_given(capsys, tmp_path):
    code, out, _ = run(capsys, "prove", "2*I(C:D) <= I(A:B) + I(A:CD) + 3*I(C:D|A) + I(C:D|B)", "--model", "shannon")
    assert code == 1 and out.startswith("invalid: ") and "violating vector" in out
    code, out, _ = run(capsys, "prove", "I(A:C) <= I(A:B)", "--model", "shannon", "--given", "I(A:C|B) = 0")
    assert code == 0
    code, _, err = run(capsys, "prove", "I(A:C) >= 0", "--model", "graph", "--given", "A-B-C")
    assert code == 2 and "not supported" in err


def test_cli_contains_yes_no_and_bad_vectors(capsys):
    code, out, _ = run(capsys, "contains", "shannon", "-n", "3", "1,1,1,2,2,2,2")
    assert code == 0 and out.startswith("yes: in the shannon cone (exact)")
    code, out, _ = run(capsys, "contains", "holographic", "-n", "3", "A=1,B=1,C=1,AB=1,AC=1,BC=1,ABC=1")
    assert code == 1 and out.startswith("no: violates the facet") and "S(AB) + S(AC) + S(BC)" in out
    code, out, _ = run(capsys, "contains", "stabilizer", "-n", "3", "[1,1,1,1,1,1,1]", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["answer"] == "yes" and data["multipliers"] == [[[1] * 7, "1"]]
    for bad, words in (("1,2", "expected 7"), ("x,1,1,1,1,1,1", "not a number"), ("Q=1", "unknown party")):
        code, _, err = run(capsys, "contains", "shannon", "-n", "3", bad)
        assert code == 2 and words in err and "Traceback" not in err


def test_cli_check_writes_its_certificate(capsys, tmp_path):
    path = tmp_path / "wm.json"
    code, out, _ = run(capsys, "check", "ssa", "-n", "3", "S(AB) + S(BC) >= S(A) + S(C)", "--certificate", str(path))
    assert code == 0 and out.startswith("valid") and check_certificate_json(json.loads(path.read_text()))


def test_linear_rank_beyond_four_parties_does_not_start_a_long_build():
    ingleton_plus = cones.prove("I(A:B|C) + I(A:B|D) + I(C:D) + I(A:E) >= I(A:B)", model="linear-rank")
    assert ingleton_plus.verdict == "proved" and ingleton_plus.verify()
    unknown = cones.prove("I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B) + I(A:E)", model="linear-rank")
    assert unknown.verdict == "undecided" and "not in the store" in unknown.reason and not unknown.verify()


def test_family_rows_carry_their_orbit_representatives_certificates():
    from dataclasses import replace

    verdict = cones.prove("S(AB) + S(BC) >= S(A) + S(C)", model="holographic")  # WM from MMI and SA
    proof = verdict.certificate
    assert verdict.verify() and all(c is not None for c in proof.row_certificates)
    assert any(proof.row_permutations)  # one row is an image of its stored representative
    bad = tuple(() if g else g for g in proof.row_permutations)
    assert not replace(proof, row_permutations=bad).verify()
