"""Every prime-p graph-state vector is realised by an explicit link."""

import numpy as np

from cones.links import realise_graph_state_by_link
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
