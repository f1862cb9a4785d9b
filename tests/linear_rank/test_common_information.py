"""Common-information proofs: Ingleton, Zhang-Yeung, certificates that can fail."""

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from cones.core.certificate_kinds import certificate_from_json, certificate_to_json, verify_certificate
from cones.linear_rank.common_information import (
    CommonInformationProof,
    candidate_pairs,
    cut_by_common_information,
    elemental_terms,
    party_stabilizer,
    prove_by_common_information,
    prove_with,
)
from cones.expressions import parse_inequality
from cones.core.inequality_families import ingleton, rows_of
from cones.space import EntropySpace

SPACE4 = EntropySpace(4, pure=False)
INGLETON = "I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B)"
ZHANG_YEUNG = "I(A:B) + I(A:CD) + 3 I(C:D|A) + I(C:D|B) >= 2 I(C:D)"


def _row(text, space=SPACE4):
    return np.asarray(parse_inequality(text, space).row, dtype=np.int64)


def test_elemental_count():
    # n + C(n,2) 2^(n-2) elemental inequalities (Yeung)
    assert [len(elemental_terms(n)) for n in (2, 3, 4, 5)] == [3, 9, 28, 85]


def test_shannon_needs_no_extension():
    proof = prove_by_common_information(_row("I(A:BC|D) >= 0"), 4)
    assert proof is not None and proof.extensions == () and proof.verify()
    assert proof.describe() == "Shannon"


def test_ingleton_is_proved_by_the_common_information_of_a_and_b():
    a = _row(INGLETON)
    assert prove_with(a, 4) is None  # not Shannon
    proof = prove_by_common_information(a, 4)
    assert proof is not None and proof.verify(a)
    assert len(proof.extensions) == 1
    assert proof.describe() == "Z1 = common information of A and B"
    assert all(y > 0 for _, y in proof.elemental)


def test_every_ingleton_instance_is_proved_and_proofs_transport():
    rows = rows_of(ingleton(SPACE4), SPACE4.dim)
    assert len(rows) == 6
    rep = prove_by_common_information(rows[0], 4)
    for p in ((1, 0, 2, 3), (2, 3, 0, 1), (3, 2, 1, 0)):
        moved = rep.permuted(p)
        assert moved.verify()
        assert tuple(moved.inequality) in {tuple(r) for r in rows.tolist()}


def test_zhang_yeung_holds_for_linear_ranks():
    a = _row(ZHANG_YEUNG)
    assert prove_with(a, 4) is None
    proof = prove_by_common_information(a, 4)
    assert proof is not None and proof.verify(a) and proof.extensions


def test_invalid_inequalities_are_not_proved():
    assert prove_by_common_information(-_row(INGLETON), 4) is None
    assert prove_by_common_information(_row("H(A) >= H(B)"), 4) is None


def test_certificate_is_checked_exactly():
    a = _row(INGLETON)
    proof = prove_by_common_information(a, 4)
    (term, y), *rest = proof.elemental
    assert not replace(proof, elemental=((term, y + Fraction(1, 7)), *rest)).verify()
    assert not replace(proof, elemental=((term, -y), *rest)).verify()
    assert not replace(proof, extensions=((0b0001, 0b0100),)).verify()
    assert not proof.verify(_row(ZHANG_YEUNG))
    record = certificate_to_json(proof)
    assert record["kind"] == "common-information"
    again = certificate_from_json(record)
    assert again == proof and verify_certificate(again, a)


def test_orbit_reduced_pairs():
    pairs = candidate_pairs(4)
    assert all(x & y not in (x, y) for x, y in pairs)
    # Ingleton is symmetric under A<->B, C<->D: pairs (A, C) and (B, D) are one choice
    stab = party_stabilizer(_row(INGLETON), 4)
    assert len(stab) == 4
    reduced = candidate_pairs(4, stab)
    assert (0b0001, 0b0010) in reduced and len(reduced) < len(pairs)
    assert not ((0b0001, 0b0100) in reduced and (0b0010, 0b1000) in reduced)


def test_extensions_chain():
    # a second common information may use the first: Z2 of (C, Z1); superfluous here but valid
    proof = prove_with(_row(INGLETON), 4, [(0b0001, 0b0010), (0b0100, 0b10000)])
    assert proof is not None and proof.verify() and proof.variables == 6
    assert proof.describe() == "Z1 = common information of A and B; Z2 = common information of C and Z1"
    assert CommonInformationProof.from_json(proof.to_json()) == proof


def test_bad_input():
    with pytest.raises(ValueError, match="coefficients"):
        prove_by_common_information([1, 2, 3], 4)
    with pytest.raises(ValueError, match="zero row"):
        prove_with([0] * 15, 4)
    with pytest.raises(ValueError, match="extension 0"):
        prove_with(_row(INGLETON), 4, [(0, 0b0001)])
    with pytest.raises(ValueError, match="extension 0"):
        prove_with(_row(INGLETON), 4, [(0b10000, 0b0001)])
    with pytest.raises(ValueError, match="permutation"):
        prove_by_common_information(_row(INGLETON), 4).permuted([0, 0, 1, 2])


def test_cuts_of_the_non_linear_shannon_rays_are_ingleton_facets():
    """Every extreme ray of the Shannon cone Gamma_4 that is not linear is cut off by an
    inequality proved with one common information; with LR_4's rays as the inner bound the
    cut is a facet of LR_4, i.e. an Ingleton instance."""
    from cones.linear_rank.cone import build_linear_rank, shannon_inequalities
    from polytopes import Cone
    from polytopes._linalg import rank

    lr4 = build_linear_rank(4)
    inner = np.asarray(lr4.rays, dtype=np.int64)
    ingletons = {tuple(map(int, r)) for r in rows_of(ingleton(SPACE4), SPACE4.dim)}
    shannon_rays = Cone.from_h(shannon_inequalities(4), dim=15).rays
    outside = [r for r in shannon_rays if (np.asarray(lr4.facets) @ r < 0).any()]
    assert len(outside) == 6
    for ray in outside:
        proof = cut_by_common_information(ray, 4, inner)
        a = np.asarray(proof.inequality, dtype=np.int64)
        assert proof.verify() and a @ ray < 0 and len(proof.extensions) == 1
        assert rank(inner[inner @ a == 0]) == 14 and tuple(a) in ingletons
    linear = next(r for r in shannon_rays if (np.asarray(lr4.facets) @ r >= 0).all())
    assert cut_by_common_information(linear, 4, inner) is None
    with pytest.raises(ValueError, match="coordinates"):
        cut_by_common_information([1, 2, 3], 4)


#: An extreme ray of Shannon plus the LR_5 inequalities proved with one common information
#: (found by the LR_5 sandwich) that passes every single extension Z = CI(X, Y) ...
LEMMA_RAY = [2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
#: ... but not once these two (each proved with one common information) also hold on the extension.
LEMMA_ROWS = [
    [-1, -1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, -1, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [-2, -1, 0, 0, 0, 2, 1, 1, 1, -1, 1, 1, 0, 0, -1, 0, -1, -1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0],
]


def test_proved_inequalities_as_lemmas_cut_a_ray_no_single_extension_cuts():
    lemmas = [prove_by_common_information(r, 5) for r in LEMMA_ROWS]
    assert all(q is not None and len(q.extensions) == 1 and q.verify() for q in lemmas)
    assert cut_by_common_information(LEMMA_RAY, 5) is None
    proof = cut_by_common_information(LEMMA_RAY, 5, known=lemmas)
    a = np.asarray(proof.inequality, dtype=np.int64)
    assert proof.verify() and a @ LEMMA_RAY < 0 and len(proof.extensions) == 1 and proof.lemmas
    assert "substituted as lemmas" in proof.describe()
    # every lemma is one of the known inequalities on distinct variables, one of them Z
    assert all(q.proof.inequality in {p.inequality for p in lemmas} and max(q.variables) == 1 << 5
               for q in proof.lemmas)
    # the certificate travels through JSON, transports under renaming, and fails when tampered with
    again = certificate_from_json(certificate_to_json(proof))
    assert again == proof and verify_certificate(again, proof.inequality)
    assert proof.permuted((4, 3, 2, 1, 0)).verify()
    bad = proof.lemmas[0]
    assert not replace(proof, lemmas=(replace(bad, multiplier=-bad.multiplier), *proof.lemmas[1:])).verify()
    assert not replace(proof, lemmas=proof.lemmas[1:]).verify()
    # and the prover finds a proof of the cut with the same lemmas, not without them
    assert prove_by_common_information(a, 5) is None
    assert prove_by_common_information(a, 5, known=lemmas).verify(a)
