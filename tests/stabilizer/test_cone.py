"""Enumerating stabilizer entropy vectors: graph classes, assignments, the inner bounds Stab_3
(= SSA) and Stab_4 (= SSA + purified Ingleton, settled with certificates)."""

import numpy as np
import pytest
from sympy.functions.combinatorial.numbers import stirling

from cones.core import inequality_families as families
from cones.core.catalogue import build
from cones.core.certificate_kinds import certificate_from_json, certificate_to_json
from cones.linear_rank.cone import ingleton_instances
from cones.core.outer import ssa_cone
from cones.space import EntropySpace
from cones.stabilizer.states import StabilizerRealisation, perfect_tensor_4_qutrits
from cones.linear_rank.quantum_linear_rank import purified_rows
from cones.stabilizer.cone import (
    FacetWitness,
    facet_witness,
    graph_classes,
    graph_state_vectors,
    party_assignments,
    stabilizer_inner_bound,
    stabilizer_outer_bound,
)


def test_graph_classes_are_the_local_clifford_classes():
    """Connected graph states up to LC and isomorphism: 1, 1, 1, 2, 4, 11, 26 on 1..7 qubits
    (Hein, Eisert, Briegel quant-ph/0307130)."""
    assert [len(graph_classes(m)) for m in range(1, 8)] == [1, 1, 1, 2, 4, 11, 26]
    with pytest.raises(ValueError, match="1..8 qubits"):
        graph_classes(9)


@pytest.mark.parametrize("m,n", [(1, 3), (4, 1), (6, 4), (7, 2)])
def test_party_assignments_are_set_partitions(m, n):
    rows = party_assignments(m, n)
    assert len(rows) == sum(stirling(m, k) for k in range(1, min(m, n + 1) + 1))
    assert rows.max() <= n and not rows[:, 0].any()
    # distinct as set partitions: each row is its own restricted growth string
    blocks = {tuple(tuple(np.flatnonzero(r == v)) for v in range(r.max() + 1)) for r in rows}
    assert len(blocks) == len(rows)


def test_certificates_recompute_their_vectors():
    found = graph_state_vectors(3, range(2, 6), progress=False)
    assert len(found) > 5
    for i, v in enumerate(found.vectors):
        assert found.certificate(i).entropy_vector().tolist() == v.tolist()
    # every stored vector is canonical under S_4
    assert np.array_equal(EntropySpace(3).group.canonical_rows(found.vectors), found.vectors)


def test_stab3_equals_ssa_cone():
    inner = stabilizer_inner_bound(3, progress=False)
    ssa = ssa_cone(3).outer
    assert inner.cone == ssa
    assert len(ssa.inequalities) == 12 and len(inner.cone.rays) == 8
    assert inner.check()
    # the perfect-tensor ray needs two qubits per party (8 qubits)...
    assert max(c.state.num_qudits for c in inner.certificates) == 8


def test_stab3_from_seven_qubits_and_a_qutrit_perfect_tensor():
    """Qubit graph states on <= 7 qubits miss the 4-party perfect tensor; AME(4,3) supplies it."""
    short = stabilizer_inner_bound(3, range(1, 8), progress=False)
    assert not short.cone == ssa_cone(3).outer
    ame = StabilizerRealisation(perfect_tensor_4_qutrits(), ((0,), (1,), (2,)))
    full = stabilizer_inner_bound(3, range(1, 8), extra_states=[ame], progress=False)
    assert full.cone == ssa_cone(3).outer and full.check()
    assert any(c.state.p == 3 for c in full.certificates)


def test_stab4_is_settled_as_ssa_plus_purified_ingleton():
    cone = build("stabilizer", 4, progress=False)
    assert cone.status == "settled"
    group = cone.space.group
    assert len(cone.facets) == 70 and len(group.orbits(cone.facets)) == 3
    assert len(cone.rays) == 46 and len(group.orbits(cone.rays)) == 7
    assert len(cone.ray_certificates) == 7
    for ray, certificate in cone.ray_certificates.items():
        assert certificate.verify(ray)
        assert certificate.state.p == 2
    # the outer bound really is SSA cut by the purified Ingleton instances
    assert stabilizer_outer_bound(4) <= ssa_cone(4).outer
    assert not ssa_cone(4).outer <= stabilizer_outer_bound(4)


def test_facet_witnesses_span_every_stab4_facet():
    """Each facet orbit of Stab_4 is spanned (rank 14) by realised vectors tight on it."""
    found = graph_state_vectors(4, range(1, 9), progress=False)
    space = EntropySpace(4)
    facets = [o.representative for o in space.group.orbits(stabilizer_outer_bound(4).inequalities)]
    assert len(facets) == 3
    for a in facets:
        witness = facet_witness(found, a)
        assert witness is not None and witness.verify()
        assert len(witness.vectors) == 14
    # a valid non-facet (twice an SSA facet plus another) is not spanned...
    assert facet_witness(found, facets[0] + facets[1]) is None
    # ...and an invalid inequality is refuted by a realised vector
    with pytest.raises(ValueError, match="violates"):
        facet_witness(found, -facets[0])


@pytest.fixture(scope="module")
def six_party_vectors():
    """Graph states on 1..8 qubits with every assignment to five parties and the purifier."""
    return graph_state_vectors(5, range(1, 9), progress=False)


def test_five_party_ingleton_and_ssa_orbits_are_stabilizer_facets(six_party_vectors):
    """The orbits of the quantum linear-rank cone QLR_5 that need no LR_5: SSA, WM and the
    purified Ingleton instances (4 orbits, conditioned ones included) are facets of Stab_5,
    each spanned (rank 30) by realised vectors tight on it (arXiv:2006.16292)."""
    space = EntropySpace(5)
    ingleton = purified_rows(np.array(sorted(ingleton_instances(5))), 5)
    ssa = np.unique(space.group.canonical_rows(families.rows_of(families.ssa(space, elemental=True), space.dim)), axis=0)
    assert len(ingleton) == 4 and len(ssa) == 3
    for a in np.vstack([ssa, ingleton]):
        witness = facet_witness(six_party_vectors, a)
        assert witness is not None and witness.verify(a) and len(witness.vectors) == 30
        assert max(r.state.num_qudits for r in witness.realisations) <= 8
    # the sum of two of them is valid but no facet
    assert facet_witness(six_party_vectors, ingleton[0] + ingleton[1]) is None


def test_facet_witness_is_a_stored_certificate(six_party_vectors):
    """A witness round-trips through the certificate registry and fails when tampered with."""
    space = EntropySpace(5)
    a = purified_rows(np.array(sorted(ingleton_instances(5))), 5)[0]
    witness = facet_witness(six_party_vectors, a)
    again = certificate_from_json(certificate_to_json(witness))
    assert isinstance(again, FacetWitness) and again.verify(a) and not again.verify(a * 2)
    bent = FacetWitness(a, witness.vectors, witness.realisations[1:] + witness.realisations[:1])
    assert not bent.verify()
    assert space.dim == len(a)


@pytest.mark.benchmark  # needs the settled LR_5 (see tests/linear_rank/test_cone.py)
def test_stab5_every_quantum_linear_rank_facet_is_witnessed():
    """All 31 orbits of QLR_5 (10,860 facets) are facets of the stabilizer cone: every linear
    rank inequality but monotonicity (arXiv:2006.16292)."""
    cone = build("stabilizer", 5, progress=False)
    assert len(cone.facets) == 10860 and len(cone.facet_orbits) == 31
    assert len(cone.facet_certificates) == 31
    for row, witness in cone.facet_certificates.items():
        assert witness.verify(np.array(row))
    assert cone.undecided and cone.status == "sandwich"
