import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cones.interface.exports import FORMATS, export_cone, export_rows, import_rows
from cones.core.outer import holographic_outer_cone, ssa_cone
from cones.space import EntropySpace
from polytopes._integers import canonical_rows

SPACES = [EntropySpace(2), EntropySpace(3), EntropySpace(3, pure=False)]


def formats_for(kind):
    return [f for f in FORMATS if not (kind == "facets" and f == "ext") and not (kind == "rays" and f == "ine")]


@st.composite
def row_sets(draw):
    space = draw(st.sampled_from(SPACES))
    rows = draw(st.lists(st.lists(st.integers(-9, 9), min_size=space.dim, max_size=space.dim).filter(any),
                         min_size=1, max_size=6))
    return space, canonical_rows(rows, space.dim)


@pytest.mark.parametrize("kind", ["facets", "rays"])
@settings(max_examples=30, deadline=None)
@given(data=row_sets())
def test_export_import_is_the_identity_in_every_format(kind, data):
    space, rows = data
    for fmt in formats_for(kind):
        if fmt == "latex-table":
            continue  # orbit tables need rows closed under the group (tested below)
        text = export_rows(rows, space, fmt, kind=kind)
        assert np.array_equal(import_rows(text, space, fmt, kind=kind), rows), fmt


@pytest.mark.parametrize("kind", ["facets", "rays"])
@pytest.mark.parametrize("make", [ssa_cone, holographic_outer_cone])
def test_orbit_exports_round_trip(kind, make):
    cone = make(3)
    rows = cone.facets if kind == "facets" else cone.rays
    for fmt in formats_for(kind):
        text = export_cone(cone, fmt, kind=kind, orbits=True)
        assert np.array_equal(import_rows(text, cone.space, fmt, kind=kind, orbits=True), rows), fmt
    table = export_cone(cone, "latex-table", kind=kind)
    assert r"\toprule" in table and "orbit size" in table
    sizes = cone.facet_orbit_sizes if kind == "facets" else cone.ray_orbit_sizes
    assert [int(line.rsplit("&", 1)[1].strip(" \\")) for line in table.split(r"\midrule")[1].split(r"\bottomrule")[0].strip().splitlines()] == sizes


def test_json_is_a_list_of_integer_rows():
    cone = ssa_cone(3)
    assert json.loads(export_cone(cone, "json", kind="rays")) == cone.rays.tolist()


def test_csv_header_and_latex_align():
    space = EntropySpace(3)
    rows = [[1, 1, 0, -1, 0, 0, 0]]
    assert export_rows(rows, space, "csv").splitlines()[0] == "A,B,C,AB,AC,BC,ABC"
    latex = export_rows(rows, space, "latex")
    assert latex.startswith("\\begin{align}") and r"S_{A} + S_{B} &\geq S_{AB}" in latex
    assert export_rows(rows, space, "mathematica") == "{{1, 1, 0, -1, 0, 0, 0}}\n"
    assert "H-representation" in export_rows(rows, space, "ine")


def test_bad_inputs():
    space = EntropySpace(3)
    with pytest.raises(ValueError, match="unknown format"):
        export_rows([[1] * 7], space, "xml")
    with pytest.raises(ValueError, match="expected 7"):
        export_rows([[1] * 6], space, "json")
    with pytest.raises(ValueError, match="cdd .ine files hold inequalities"):
        export_rows([[1] * 7], space, "ine", kind="rays")
    with pytest.raises(ValueError, match="does not match the coordinates"):
        import_rows("A,B,AB\n1,1,-1\n", space, "csv")
    with pytest.raises(ValueError, match="invalid JSON"):
        import_rows("[[1, 2", space, "json")
    with pytest.raises(ValueError, match="not a union of orbits"):
        export_rows([[1, 1, 0, -1, 0, 0, 0]], space, "json", orbits=True)
    with pytest.raises(ValueError, match="unknown party label"):
        import_rows("S(AX) >= 0\n", space, "text")
