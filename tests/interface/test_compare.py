"""Comparison of entropy cones and of sandwiches, with exact certificates."""

import numpy as np
import pandas as pd
import pytest

from cones.core.bounds import EntropyCone
from cones.expressions import Inequality
from cones.interface.compare import MultiplierCheck, RayCheck, Separation, compare
from cones.core.outer import holographic_outer_cone, shannon_cone, ssa_cone
from cones.space import EntropySpace
from polytopes import Cone


def _violations(rays, facets):
    """Plain-Python exact check: pairs (ray, facet) with facet . ray < 0."""
    return [(tuple(r), tuple(f)) for r in rays.tolist() for f in facets.tolist() if sum(a * b for a, b in zip(f, r)) < 0]


@pytest.fixture(scope="module")
def hec3():
    return holographic_outer_cone(3)


@pytest.fixture(scope="module")
def ssa3():
    return ssa_cone(3)


def test_shannon_inside_ssa_and_monotonicity_separates(ssa3):
    gamma3 = shannon_cone(3)
    c = compare(gamma3, ssa3)
    assert c.relation == "shannon(3) ⊊ ssa(3)"
    assert c.a_in_b.status == "proved" and isinstance(c.a_in_b.certificate, RayCheck)
    assert c.a_in_b.certificate.verify()
    out = c.b_in_a
    assert out.status == "refuted"
    bad = _violations(ssa3.rays, gamma3.facets)
    # Counts agree with the brute-force check; every witness is exact.
    assert out.facets_invalid_total == len({f for _, f in bad})
    assert out.rays_outside_total == len({r for r, _ in bad})
    assert sum(s.ray_orbit_size for s in out.rays_outside) == out.rays_outside_total
    for s in out.facets_invalid + out.rays_outside:
        assert s.verify() and (s.ray, s.facet) in bad
    # The only Shannon facets that quantum states violate are the monotonicity ones S(ABC) >= S(ABC - i).
    space = gamma3.space
    for s in out.facets_invalid:
        terms = {name: c for name, c in zip(space.coordinate_names, s.facet) if c}
        assert terms["ABC"] == 1 and len(terms) == 2 and s.facet_orbit_size == 3


def test_mmi_separates_holographic_from_ssa(hec3, ssa3):
    c = compare(ssa3, hec3)
    assert c.relation == "holographic-outer(3) ⊊ ssa(3)"
    assert c.equal is False
    (sep,) = c.a_in_b.facets_invalid
    space = hec3.space
    mmi = [0] * space.dim
    for names, sign in (("A B C ABC".split(), -1), ("AB AC BC".split(), 1)):
        for name in names:
            mmi[space.coordinate_names.index(name)] = sign
    assert sep.facet == tuple(mmi) and sep.facet_orbit_size == 1
    assert np.dot(sep.facet, sep.ray) < 0 and sep.ray in {tuple(r) for r in ssa3.rays.tolist()}


def test_n4_holographic_outer_inside_ssa_all_witnesses_verified():
    hec4, ssa4 = holographic_outer_cone(4), ssa_cone(4)
    c = compare(hec4, ssa4)
    assert c.a_in_b.holds is True and c.b_in_a.holds is False
    bad = _violations(ssa4.rays, hec4.facets)
    assert c.b_in_a.rays_outside_total == len({r for r, _ in bad})
    assert c.b_in_a.facets_invalid_total == len({f for _, f in bad})
    # Orbit sizes of the separating facet orbits add up to the number of separating facets.
    assert sum(s.facet_orbit_size for s in c.b_in_a.facets_invalid) == c.b_in_a.facets_invalid_total
    # Facet orbits are shown by the member a paper would print; ray orbits by the canonical one.
    group = hec4.space.group
    for s in c.b_in_a.facets_invalid:
        assert Inequality(hec4.space, s.facet).fewest_terms().row == s.facet
    for s in c.b_in_a.rays_outside:
        assert tuple(group.canonical(np.array(s.ray))) == s.ray


def test_multiplier_method_agrees_and_verifies(hec3, ssa3):
    c = compare(hec3, ssa3, method="multipliers")
    assert c.a_in_b.status == "proved"
    cert = c.a_in_b.certificate
    assert isinstance(cert, MultiplierCheck) and len(cert.multipliers) == len(ssa3.facets) and cert.verify()
    assert c.b_in_a.status == "refuted"


def test_equal_cones(hec3):
    c = compare(hec3, holographic_outer_cone(3))
    assert c.equal is True and c.relation == "holographic-outer(3) = holographic-outer(3)"


def test_sandwiches_say_what_is_certain(hec3, ssa3):
    space = hec3.space
    # A: realised only part of the holographic cone, proved only SSA.
    partial = EntropyCone("partial", space, outer=ssa3.outer, inner=Cone.from_v(hec3.rays[:3]))
    c = compare(partial, hec3)
    assert c.a_in_b.status == "open"  # no realised ray outside HEC, but SSA is not inside it
    assert c.b_in_a.status == "open"  # HEC's rays are not all realised in A, no violated proof either
    assert c.equal is None and "open" in c.relation
    # Realising every HEC ray settles one direction: HEC ⊆ A is then proved.
    full = EntropyCone("full", space, outer=ssa3.outer, inner=Cone.from_v(hec3.rays))
    assert compare(hec3, full).a_in_b.status == "proved"
    # A realised ray violating MMI proves A ⊄ HEC even though A is not settled.
    ghz = np.ones(space.dim, dtype=np.int64)
    beyond = EntropyCone("beyond", space, outer=ssa3.outer, inner=Cone.from_v(np.vstack([hec3.rays, ghz])))
    c = compare(beyond, hec3)
    assert c.a_in_b.status == "refuted"
    assert c.a_in_b.rays_outside[0].ray == tuple(ghz)


def test_only_an_outer_bound_leaves_containment_in_it_open(hec3, ssa3):
    only_outer = EntropyCone("proved-only", hec3.space, outer=ssa3.outer)
    c = compare(only_outer, hec3)
    assert c.a_in_b.status == "open" and "no realised rays" in c.a_in_b.basis


def test_bare_cones_and_renderings(hec3, ssa3):
    c = compare(hec3.outer, ssa3.outer, space=hec3.space, names=("HEC", "SSA"))
    assert c.relation == "HEC ⊊ SSA"
    text = c.to_text()
    assert "HEC ⊆ SSA: proved" in text and "SSA ⊆ HEC: refuted" in text
    assert "S(AB) + S(AC) + S(BC) >= S(A) + S(B) + S(C) + S(ABC)" in text
    md = c.to_markdown()
    assert md.startswith("**") and "**Verdict:** HEC ⊊ SSA" in md
    latex = c.to_latex()
    assert r"\begin{itemize}" in latex and r"S_{AB} + S_{AC} + S_{BC} \geq" in latex
    df = c.to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df["status"]) == ["proved", "refuted"]
    w = c.witnesses()
    assert set(w["witness"]) == {"facet orbit", "ray orbit"} and (w["facet · ray"] < 0).all()
    assert c._repr_html_().count("<table") == 2
    assert c._repr_latex_().startswith("$") and r"\not\subseteq" in c._repr_latex_()
    assert c._repr_markdown_() == md


def test_bad_input(hec3):
    with pytest.raises(ValueError, match="different numbers of parties.*n=3.*n=4"):
        compare(hec3, holographic_outer_cone(4))
    with pytest.raises(ValueError, match=r"row of a cone of length 4 is not 2\^n - 1"):
        compare(Cone.from_h(np.eye(4, dtype=int)), Cone.from_h(np.eye(4, dtype=int)))
    with pytest.raises(ValueError, match="dimension 3 is not in the entropy space of n=3"):
        compare(Cone.from_h(np.eye(3, dtype=int)), hec3, space=EntropySpace(3))
    with pytest.raises(TypeError, match="EntropyCone or polytopes.Cone"):
        compare(hec3, [[1, 0, 0]])
    with pytest.raises(ValueError, match="method"):
        compare(hec3, hec3, method="guess")


def test_separation_verify_detects_a_wrong_value():
    assert Separation((1, -1), (0, 1), -1, 1, 1).verify()
    assert not Separation((1, -1), (0, 1), -2, 1, 1).verify()
    assert not Separation((1, 1), (0, 1), 1, 1, 1).verify()


def _run(argv):
    import argparse

    from cones.interface.compare import add_compare_subparser

    parser = argparse.ArgumentParser(prog="cones")
    add_compare_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_compare_command(capsys):
    assert _run(["compare", "holographic-outer", "ssa", "-n", "3"]) == 0
    assert "holographic-outer(3) ⊊ ssa(3)" in capsys.readouterr().out
    assert _run(["compare", "ssa", "holographic-outer", "-n", "3", "--format", "markdown"]) == 1
    assert "**Verdict:**" in capsys.readouterr().out
    with pytest.raises(ValueError, match="unknown cone family 'nonsense'"):
        _run(["compare", "nonsense", "ssa", "-n", "3"])


def _mmi_like(space, row):
    """Is the row an instance of MMI on single parties: S(AB)+S(AC)+S(BC) >= S(A)+S(B)+S(C)+S(ABC)?"""
    terms = Inequality(space, row).fewest_terms().terms
    return sorted(terms.values()) == [-1, -1, -1, -1, 1, 1, 1] and sorted(map(len, terms)) == [1, 1, 1, 2, 2, 2, 3]


def test_holographic_strictly_inside_hypergraph_at_n4():
    pytest.importorskip("cones.holographic.cone")
    pytest.importorskip("cones.hypergraph.cone")
    from cones.interface.store import cached_build

    c = compare(cached_build("holographic", 4), cached_build("hypergraph", 4))
    assert c.a_in_b.holds is True and c.b_in_a.holds is False
    space = c.a.space
    assert c.b_in_a.facets_invalid and all(_mmi_like(space, s.facet) for s in c.b_in_a.facets_invalid)
    assert c.b_in_a.rays_outside and all(s.verify() for s in c.b_in_a.rays_outside)


def test_hypergraph_equals_stabilizer_at_n4():
    pytest.importorskip("cones.hypergraph.cone")
    pytest.importorskip("cones.stabilizer.states")
    from cones.interface.store import cached_build

    c = compare(cached_build("hypergraph", 4), cached_build("stabilizer", 4))
    assert c.equal is True
