"""Every prime-p graph-state vector is realised by an explicit link."""

import numpy as np

import cones
from cones.links import link_inner_bound, realise_graph_state_by_link
from cones.stabilizer import graph_state_entropy_vector


def test_graph_states_are_realised_by_links():
    rng = np.random.default_rng(4)
    for _ in range(5):
        upper = np.triu(rng.integers(0, 2, size=(4, 4)), 1)
        adjacency = upper + upper.T
        parties = [0, 1, 2, 3]
        found = realise_graph_state_by_link(adjacency, parties, 3, 2)
        vector = graph_state_entropy_vector(adjacency, parties, 3)
        assert found.verify() and tuple(found.scale * v for v in found.ray) == tuple(vector)
    qutrit = realise_graph_state_by_link([[0, 2], [2, 0]], [0, 1], 1, 3)
    assert qutrit.ray == (1,) and qutrit.verify()


def test_the_link_inner_bound_at_four_parties_is_stab_4():
    bound = link_inner_bound(4)
    assert bound.unrealised == () and all(r.verify() for r in bound.realisations.values())
    assert len(bound.cone.inequalities) == 70 and len(bound.cone.rays) == 46
    assert len(bound.realisations) == 7  # one diagram per ray orbit
    stab4 = cones.build("stabilizer", 4, run={"progress": False})
    assert len(stab4.facet_orbits) == 3 and bound.cone == stab4.outer


def test_a_five_party_link_vector_is_refuted_for_hypergraphs(five_party_gap):
    adjacency, x, found = five_party_gap
    link = realise_graph_state_by_link(adjacency, list(range(6)), 5, 2)
    assert link.verify() and tuple(link.scale * v for v in link.ray) == tuple(x)
    a = np.array(found.inequality)
    assert int(a @ np.array(link.ray)) < 0  # the link's vector violates it ...
    assert found.certificate.verify(found.inequality)  # ... and every hypergraph obeys it (set-contraction)
