"""Hypergraph realisation by the min-cut-pattern LP: interval hyperedges, realised rays, exact
verdicts, the six-qubit witness, the MILP fallback, bad input."""

import itertools

import numpy as np
import pytest

from cones.core import inequality_families as families
from cones.holographic.realisation import NotFound
from cones.stabilizer.graph_states import edges_to_adjacency, graph_state_entropy_vector
from cones.hypergraph.realisation import HypergraphRealised, interval_hyperedges, realise_ray_by_hypergraph
from cones.holographic.min_cut_patterns import admissible_patterns
from cones.core.outer import ssa_cone
from cones.space import EntropySpace


def ssa_ray_representatives(n):
    space = EntropySpace(n)
    return space, np.unique(space.group.canonical_rows(ssa_cone(n).outer.rays), axis=0)


def test_interval_hyperedges_are_the_interval_closures_of_all_subsets():
    space = EntropySpace(3)
    patterns = admissible_patterns(space, (1, 1, 1, 2, 2, 2, 1))
    members, complete = interval_hyperedges(patterns)
    assert complete
    brute = set()
    for size in range(2, len(patterns) + 1):
        for subset in itertools.combinations(range(len(patterns)), size):
            meet, join = patterns[list(subset)].all(axis=0), patterns[list(subset)].any(axis=0)
            closure = (patterns >= meet).all(axis=1) & (patterns <= join).all(axis=1)
            brute.add(tuple(np.flatnonzero(closure)))
    assert {tuple(np.flatnonzero(m)) for m in members} == brute
    capped, complete = interval_hyperedges(patterns, limit=5)
    assert len(capped) == 5 and not complete


def test_hc4_rays_are_realised_and_ingleton_violators_are_not():
    space, reps = ssa_ray_representatives(4)
    ingleton = np.array([q.row for q in families.purified_ingleton(space)])
    for r in reps:
        found = realise_ray_by_hypergraph(r, space, method="patterns")
        if (ingleton @ r >= 0).all():
            assert isinstance(found, HypergraphRealised) and found.verify(r)
            assert len(found.hypergraph.bulk) <= 1  # the simplification leaves the small models
        else:  # HC_4 lies inside the Ingleton cone: the LP must say so, and it does
            assert isinstance(found, NotFound) and found.conclusive


def test_ghz_ray_needs_a_hyperedge_not_a_graph():
    space = EntropySpace(3)
    found = realise_ray_by_hypergraph([1] * 7, space, method="patterns")
    assert isinstance(found, HypergraphRealised) and found.hypergraph.rank == 4


def test_six_qubit_witness_has_no_hypergraph():
    space = EntropySpace(5)
    labels = space.all_labels
    edges = [(labels.index(a), labels.index(b)) for a, b in ("AC", "AD", "AO", "BC", "BD", "BE")]
    x = graph_state_entropy_vector(edges_to_adjacency(edges, 6), list(range(6)), 5)
    found = realise_ray_by_hypergraph(x, space, method="patterns")
    assert isinstance(found, NotFound) and found.conclusive


def test_milp_fallback_and_bad_input():
    space = EntropySpace(3)
    star = (1, 1, 1, 2, 2, 2, 1)
    auto = realise_ray_by_hypergraph(star, space, max_patterns=2)  # too many patterns: the MILP answers
    assert isinstance(auto, HypergraphRealised) and auto.verify(star) and len(auto.hypergraph.bulk) == 1
    assert "not tried" in str(realise_ray_by_hypergraph(star, space, method="patterns", max_patterns=2))
    with pytest.raises(ValueError, match="unknown realisation method"):
        realise_ray_by_hypergraph(star, space, method="simplex")
    with pytest.raises(ValueError, match="at most 5 parties"):
        realise_ray_by_hypergraph([1] * 63, EntropySpace(6), method="patterns")
