"""Proof by contraction: SAT search, independent verifier, JSON certificates, refutations."""

import itertools
import json

import numpy as np
import pytest

from cones.holographic.contraction import (
    CubeMapProblem,
    Invalid,
    NoContraction,
    Proved,
    find_cube_map,
    prove_by_contraction,
    prove_many,
)
from cones.holographic.contraction_check import ContractionCertificate, contraction_defect, verify_contraction
from cones.expressions import parse_inequality
from cones.space import EntropySpace

MMI = "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)"
CYCLIC5 = "S(ABC)+S(BCD)+S(CDE)+S(DEA)+S(EAB) >= S(AB)+S(BC)+S(CD)+S(DE)+S(EA)+S(ABCDE)"


def ineq(text, n):
    return parse_inequality(text, EntropySpace(n))


def assert_proved(result, inequality):
    assert isinstance(result, Proved), result
    cert = result.certificate
    assert verify_contraction(cert, inequality)
    again = ContractionCertificate.from_json(json.loads(json.dumps(cert.to_json())))
    assert again == cert and verify_contraction(again, inequality)
    return cert


def test_subadditivity_and_mmi_are_proved():
    sa = ineq("S(A)+S(B) >= S(AB)", 2)
    assert_proved(prove_by_contraction(sa), sa)
    mmi = ineq(MMI, 3)
    cert = assert_proved(prove_by_contraction(mmi), mmi)
    # raw coefficient vectors with a space give the same certificate
    assert prove_by_contraction(list(mmi.coefficients), EntropySpace(3)).certificate == cert


def test_every_mmi_instance_with_four_parties_is_proved():
    space = EntropySpace(4)
    parties = "ABCDO"
    for labels in itertools.product(range(4), repeat=5):
        x, y, z = ("".join(p for p, lab in zip(parties, labels) if lab == j) for j in (1, 2, 3))
        if not (x and y and z) or 0 not in labels:
            continue
        q = parse_inequality(f"S({x}{y})+S({y}{z})+S({x}{z}) >= S({x})+S({y})+S({z})+S({x}{y}{z})", space)
        assert_proved(prove_by_contraction(q, counterexample=False), q)


def test_five_party_cyclic_inequality_is_proved():
    q = ineq(CYCLIC5, 5)
    cert = assert_proved(prove_by_contraction(q), q)
    assert (len(cert.lhs), len(cert.rhs)) == (5, 6)


def test_invalid_inequality_comes_with_a_violating_graph():
    q = ineq("S(A)+S(B) >= S(AB)+S(C)", 3)
    result = prove_by_contraction(q)
    assert isinstance(result, Invalid)
    s = result.graph.entropy_vector()
    assert list(s) == list(result.entropy_vector)
    assert int(np.dot(s, q.coefficients)) == result.value < 0


def test_no_contraction_is_not_a_refutation():
    reversed_mmi = ineq("S(A)+S(B)+S(C)+S(ABC) >= S(AB)+S(BC)+S(AC)", 3)
    assert isinstance(prove_by_contraction(reversed_mmi, counterexample=False), NoContraction)
    refuted = prove_by_contraction(reversed_mmi)
    assert isinstance(refuted, Invalid)  # e.g. the perfect-tensor star
    # a valid inequality (sum of two MMI instances) whose weighted map needs the RHS expanded
    q = ineq("2*S(AC)+S(AB)+S(BC)+S(AD)+S(CD) >= 2*S(A)+S(B)+2*S(C)+S(D)+S(ABC)+S(ACD)", 4)
    assert isinstance(prove_by_contraction(q, expand="none"), NoContraction)
    assert_proved(prove_by_contraction(q, expand="rhs"), q)
    assert_proved(prove_by_contraction(q, expand="both"), q)


def test_verifier_rejects_broken_certificates():
    mmi = ineq(MMI, 3)
    cert = prove_by_contraction(mmi).certificate
    table = list(cert.table)
    x_a = sum(1 << l for l, m in enumerate(cert.lhs) if m & 1)
    table[x_a] ^= 1
    broken = ContractionCertificate(cert.n, cert.lhs, cert.alpha, cert.rhs, cert.beta, tuple(table))
    assert "boundary condition fails for A" in contraction_defect(broken)
    # a map that violates the contraction on an edge but keeps every boundary condition
    boundary = {sum(1 << l for l, m in enumerate(cert.lhs) if m >> p & 1) for p in range(4)}
    free = next(x for x in range(len(table)) if x not in boundary and (x ^ 1) in boundary)
    wild = list(cert.table)
    wild[free] = cert.table[free ^ 1] ^ 0b111
    assert "Lipschitz fails" in contraction_defect(ContractionCertificate(cert.n, cert.lhs, cert.alpha, cert.rhs, cert.beta, tuple(wild)))
    assert not verify_contraction(cert, ineq("S(A)+S(B) >= S(AB)", 3))
    assert verify_contraction(cert, 2 * np.asarray(mmi.coefficients))


def test_hand_written_certificate_for_subadditivity():
    # LHS terms A, B; RHS term AB; f = xor meets the boundary conditions A -> 1, B -> 1, O -> 0
    cert = ContractionCertificate.from_json(
        {"condition": "graph", "n": 2, "lhs": [["A", 1], ["B", 1]], "rhs": [["AB", 1]], "map": [0, 1, 1, 0]}
    )
    assert verify_contraction(cert, ineq("S(A)+S(B) >= S(AB)", 2))
    assert not verify_contraction(ContractionCertificate.from_json({**cert.to_json(), "condition": "unknown"}))


def test_problem_split_and_bad_input():
    p = CubeMapProblem.from_inequality(ineq("2*S(A)+S(B) >= 2*S(AB)", 2), expand="rhs")
    assert (p.lhs, p.alpha, p.rhs, p.beta) == ((1, 2), (2, 1), (3, 3), (1, 1))
    assert p.boundary_points == [(0b01, 0b11), (0b10, 0b11), (0, 0)]
    with pytest.raises(ValueError, match="has 3 coefficients, the 3-party space has 7"):
        prove_by_contraction([1, 1, -1], EntropySpace(3))
    with pytest.raises(ValueError, match="not 2\\^n - 1"):
        prove_by_contraction([1, 1, -1, 0])
    with pytest.raises(ValueError, match="zero inequality"):
        prove_by_contraction([0, 0, 0])
    with pytest.raises(ValueError, match="expand"):
        CubeMapProblem.from_inequality([1, 1, -1], expand="yes")


def test_boundary_conflict_without_solver():
    # S(A) >= S(B): the boundary points of B and O coincide on the left but differ on the right
    p = CubeMapProblem.from_inequality([1, -1, 0])
    assert find_cube_map(p) is None


def test_prove_many_keeps_order():
    qs = [ineq(MMI, 3), ineq("S(A)+S(B) >= S(AB)+S(C)", 3), ineq("S(AB)+S(BC) >= S(B)+S(ABC)", 3)]
    kinds = [type(r) for r in prove_many(qs, executor=2)]
    assert kinds == [Proved, Invalid, Proved]


def test_nested_domain_certificates():
    q = ineq("S(A)+S(AB)+S(C) >= S(ABC)", 3)
    nested = prove_by_contraction(q).certificate
    cube = prove_by_contraction(q, domain="cube").certificate
    assert nested.domain == "nested" and cube.domain == "cube"
    assert -1 in nested.table and -1 not in cube.table
    assert verify_contraction(nested, q) and verify_contraction(cube, q)
    assert ContractionCertificate.from_json(json.loads(json.dumps(nested.to_json()))) == nested
    # the partial map is not a certificate on the whole cube
    relabelled = ContractionCertificate(**{**nested.__dict__, "domain": "cube"})
    assert "out of range" in contraction_defect(relabelled)
    with pytest.raises(ValueError, match="domain"):
        prove_by_contraction(q, domain="ball")


def test_domain_respects_nesting_and_disjointness():
    p = CubeMapProblem.from_inequality(ineq("S(A)+S(AB)+S(C) >= S(ABC)", 3))
    assert p.lhs == (1, 4, 3)
    labels = {x for x in range(8) if p.in_domain[x]}
    assert labels == {0b000, 0b010, 0b100, 0b101}  # bits (A, C, AB): x_A <= x_AB; C disjoint from A, AB


def test_framework_accepts_other_conditions():
    from cones.holographic.contraction import LipschitzCondition
    from cones.holographic.contraction_check import register_condition_check

    class Renamed(LipschitzCondition):  # stands for e.g. the hypergraph set-contraction
        name = "test-renamed-lipschitz"

    seen = []
    register_condition_check(Renamed.name, lambda certificate: seen.append(certificate) or None)
    q = ineq("S(A)+S(AB)+S(C) >= S(ABC)", 3)
    result = prove_by_contraction(q, condition=Renamed())
    assert isinstance(result, Proved) and result.certificate.condition == Renamed.name
    assert result.certificate.domain == "cube" and seen == [result.certificate]
    inside = CubeMapProblem.from_inequality(q).in_domain
    partial = tuple(y if inside[x] else -1 for x, y in enumerate(result.certificate.table))
    nested = ContractionCertificate(**{**result.certificate.__dict__, "domain": "nested", "table": partial})
    assert "only checked on the whole cube" in contraction_defect(nested)
