"""Proof by set-contraction: SA, SSA, purified Ingleton proved; MMI refuted; the independent verifier."""

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from cones.core import inequality_families as families
from cones.holographic.contraction import Invalid, NoContraction, Proved, prove_by_contraction
from cones.core.certificate_kinds import certificate_to_json
from cones.holographic.contraction_check import ContractionCertificate, contraction_defect, verify_contraction
from cones.expressions import parse_inequality
from cones.hypergraph.hypergraphs import Hypergraph, all_hyperedges, hypergraph_entropy_vectors
from cones.hypergraph.set_contraction import CONDITION, SetContractionCertificate, find_violating_hypergraph, prove_by_set_contraction, set_contraction_defect
from cones.space import EntropySpace

MMI = "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)"


def assert_proved(result, row):
    assert isinstance(result, Proved), result
    cert = result.certificate
    assert cert.condition == CONDITION
    assert verify_contraction(cert, row)
    assert isinstance(cert, SetContractionCertificate)
    again = SetContractionCertificate.from_json(json.loads(json.dumps(cert.to_json())))
    assert again == cert and verify_contraction(again, row)
    return cert


def random_hypergraph_vectors(n, seed=0, samples=400):
    rng = np.random.default_rng(seed)
    out = []
    for k in (0, 1, 2):
        inc = all_hyperedges(n, k)
        weights = rng.integers(1, 3, (samples, len(inc))) * (rng.random((samples, len(inc))) < 3 / len(inc))
        out.append(hypergraph_entropy_vectors(inc, weights, n))
    return np.vstack(out)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_sa_and_ssa_are_proved(n):
    space = EntropySpace(n)
    vectors = random_hypergraph_vectors(n)
    for family in (families.sa, families.ssa):
        for q in family(space, representatives=True):
            assert_proved(prove_by_set_contraction(q, counterexample=False), q.coefficients)
            assert (vectors @ np.asarray(q.coefficients) >= 0).all()


def test_every_purified_ingleton_instance_is_proved():
    space = EntropySpace(4)
    instances = list(families.purified_ingleton(space))
    assert len(instances) == 60 and len(list(families.purified_ingleton(space, elemental=True))) == 30
    for q in instances:
        assert_proved(prove_by_set_contraction(q, counterexample=False), q.coefficients)


def test_mmi_is_refuted_by_set_contraction_and_the_ghz_hypergraph():
    space = EntropySpace(3)
    mmi = parse_inequality(MMI, space)
    assert isinstance(prove_by_set_contraction(mmi, counterexample=False), NoContraction)
    found = prove_by_set_contraction(mmi)
    assert isinstance(found, Invalid)
    assert found.model == Hypergraph(3, [("A", "B", "C", "O")])
    assert found.entropy_vector == (1, 1, 1, 1, 1, 1, 1) and found.value == -1
    # on graphs MMI holds: the graph contraction exists, and it is not a set-contraction
    graph_cert = prove_by_contraction(mmi, counterexample=False).certificate
    assert verify_contraction(graph_cert, mmi.coefficients)
    relabelled = replace(graph_cert, condition=CONDITION)
    assert "set-contraction fails on the face" in contraction_defect(relabelled)


def test_a_set_contraction_is_a_graph_contraction():
    space = EntropySpace(4)
    q = next(iter(families.purified_ingleton(space, representatives=True)))
    cert = assert_proved(prove_by_set_contraction(q), q.coefficients)
    as_graph = ContractionCertificate(cert.n, cert.lhs, cert.alpha, cert.rhs, cert.beta, cert.table, "graph")
    assert verify_contraction(as_graph, q.coefficients)


def test_verifier_rejects_broken_certificates():
    space = EntropySpace(3)
    ssa = parse_inequality("S(AB)+S(BC) >= S(B)+S(ABC)", space)
    cert = assert_proved(prove_by_set_contraction(ssa), ssa.coefficients)
    assert set_contraction_defect(cert) is None
    for x in range(len(cert.table)):
        for flip in range(1, 1 << len(cert.rhs)):
            broken = replace(cert, table=cert.table[:x] + (cert.table[x] ^ flip,) + cert.table[x + 1:])
            if contraction_defect(broken) is None:
                # a still-valid variant must satisfy the face condition by direct check
                assert set_contraction_defect(broken) is None
    bad = [replace(cert, table=cert.table[:x] + (cert.table[x] ^ 1,) + cert.table[x + 1:]) for x in range(len(cert.table))]
    assert any(contraction_defect(b) is not None for b in bad)
    assert not verify_contraction(cert, parse_inequality(MMI, space).coefficients)


def test_invalid_inequality_comes_with_a_violating_hypergraph():
    space = EntropySpace(3)
    q = parse_inequality("S(A)+S(B) >= S(AB)+S(C)", space)
    found = prove_by_set_contraction(q)
    assert isinstance(found, Invalid)
    assert list(found.model.entropy_vector()) == list(found.entropy_vector)
    assert int(np.dot(found.entropy_vector, q.coefficients)) == found.value < 0
    assert find_violating_hypergraph(space, parse_inequality("S(A)+S(B) >= S(AB)", space).coefficients) is None


def test_a_fresh_process_reads_and_checks_the_certificate():
    space = EntropySpace(3)
    ssa = parse_inequality("S(AB)+S(BC) >= S(B)+S(ABC)", space)
    record = certificate_to_json(prove_by_set_contraction(ssa).certificate)
    code = ("import json, sys; from cones.core.certificate_kinds import certificate_from_json; "
            f"c = certificate_from_json(json.loads({json.dumps(json.dumps(record))})); "
            f"sys.exit(0 if c.verify({[int(v) for v in ssa.coefficients]}) else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
