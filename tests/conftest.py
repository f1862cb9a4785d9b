"""Shared test set-up: every test session uses a fresh temporary results store."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _fresh_store(tmp_path_factory):
    os.environ["ENTROPY_CONES_STORE"] = str(tmp_path_factory.mktemp("store"))
    yield


@pytest.fixture(scope="session")
def five_party_gap():
    """The six-qubit graph state of arXiv:2006.16292 (edges AC, AD, AO, BC, BD, BE, one qubit
    per party) and the five-party hypergraph inequality the program finds and proves against it
    (about a minute, shared by the hypergraph and link tests)."""
    from cones.hypergraph.gap import find_small_separating_inequality
    from cones.space import EntropySpace
    from cones.stabilizer.graph_states import edges_to_adjacency, graph_state_entropy_vector

    space = EntropySpace(5)
    labels = space.all_labels
    edges = [(labels.index(a), labels.index(b)) for a, b in ("AC", "AD", "AO", "BC", "BD", "BE")]
    adjacency = edges_to_adjacency(edges, 6)
    x = graph_state_entropy_vector(adjacency, list(range(6)), 5)
    return adjacency, x, find_small_separating_inequality(x, space, progress=None)
