"""Hypergraph bounds in a budget and their gap: HC_4 has none; SSA alone leaves the Ingleton gap; resume."""

import numpy as np
import pytest

from cones.core import inequality_families as families
from cones.hypergraph.bounds import BoundsGap, hypergraph_bounds_gap
from cones.hypergraph.realisation import HypergraphRealised
from cones.space import EntropySpace


def test_hc4_bounds_have_no_gap():
    gap = hypergraph_bounds_gap(4, progress=False)
    counts = gap.counts()
    assert gap.settled
    assert (counts["outer facet orbits"], counts["outer facets"]) == (3, 70)
    assert (counts["outer ray orbits"], counts["outer rays"]) == (7, 46)
    assert counts["ray orbits realised"] == 7 and counts["inner facet orbits not proved"] == 0
    assert all(isinstance(c, HypergraphRealised) and c.verify(r)
               for r, c in zip(gap.rays["representative"], gap.rays["certificate"]))


def test_ssa_alone_leaves_the_ingleton_gap_and_a_rerun_resumes(tmp_path):
    space = EntropySpace(4)
    ssa = [q.row for q in (*families.sa(space, representatives=True), *families.ssa(space, elemental=True, representatives=True))]
    gap = hypergraph_bounds_gap(4, inequalities=ssa, checkpoint=tmp_path / "hc4.jsonl", progress=False)
    counts = gap.counts()
    assert not gap.settled
    assert (counts["outer ray orbits"], counts["ray orbits realised"], counts["ray orbits no hypergraph"]) == (8, 6, 2)
    ingleton = np.array([q.row for q in families.purified_ingleton(space)])
    missing = np.array(gap.rays.loc[gap.rays["status"] != "realised", "representative"].tolist())
    assert (ingleton @ missing.T < 0).any(axis=0).all()  # the unrealised rays are exactly Ingleton violators
    realised = np.array(gap.rays.loc[gap.rays["status"] == "realised", "representative"].tolist())
    images = realised[:, space.group.elements].reshape(-1, space.dim)
    assert gap.unproved_facets and all((images @ np.array(f) >= 0).all() for f in gap.unproved_facets)
    again = hypergraph_bounds_gap(4, inequalities=ssa, checkpoint=tmp_path / "hc4.jsonl", progress=False)
    assert again.rays.drop(columns="certificate").equals(gap.rays.drop(columns="certificate"))
    assert again.timings["realise"] < 0.1  # nothing realised twice
    partial = hypergraph_bounds_gap(4, inequalities=ssa, checkpoint=tmp_path / "hc4.jsonl", partial_rays=True, progress=False)
    assert partial.counts()["outer ray orbits"] == ">= 8" and partial.unproved_facets is None and not partial.settled
    with pytest.raises(ValueError, match="another problem"):
        hypergraph_bounds_gap(3, checkpoint=tmp_path / "hc4.jsonl", progress=False)


def test_budget_leaves_rays_untried():
    gap = hypergraph_bounds_gap(4, time_budget=0, progress=False)
    assert isinstance(gap, BoundsGap) and gap.counts()["ray orbits not tried"] == 7
    assert gap.unproved_facets is None and "unknown" in str(gap)
