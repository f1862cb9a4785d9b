"""Paper exports: facet-orbit tables (LaTeX, Markdown, CSV) and the JSON database."""

import csv
import io
import json
import shutil
import subprocess

import numpy as np
import pytest

from cones.interface import paper
from cones.core.bounds import EntropyCone
from cones.core.certificate_kinds import certificate_from_json, register_certificate_kind
from cones.core.outer import holographic_outer_cone, shannon_cone
from polytopes import Cone


@register_certificate_kind("test-facet-row")
class FacetRow:
    """Test certificate: names its own row (verify compares)."""

    def __init__(self, row):
        self.row = tuple(row)

    def to_json(self):
        return {"row": list(self.row)}

    @classmethod
    def from_json(cls, data):
        return cls(data["row"])

    def verify(self, row):
        return tuple(int(v) for v in row) == self.row


@pytest.fixture(scope="module")
def hec4():
    return holographic_outer_cone(4)


@pytest.fixture(scope="module")
def certified_hec3():
    """HEC_3 as a settled cone whose facet orbit representatives carry certificates."""
    hec = holographic_outer_cone(3)
    both = Cone.from_hv(hec.facets, hec.rays)
    cone = EntropyCone("hec-test", hec.space, outer=both, inner=both)
    for orbit in cone.facet_orbits:
        rep = tuple(int(v) for v in orbit.representative)
        cone.facet_certificates[rep] = FacetRow(rep)
    return cone


def _tight(rays, row):
    return sum(1 for r in rays.tolist() if sum(a * b for a, b in zip(row, r)) == 0)


def test_facet_orbits_partition_the_facets(hec4):
    orbits = paper.facet_orbits(hec4)
    assert sum(o.size for o in orbits) == len(hec4.facets) == 20
    facets = {tuple(f) for f in hec4.facets.tolist()}
    for o in orbits:
        assert o.representative in facets
        assert o.tight_rays == _tight(hec4.rays, o.representative)
        assert o.certificate == "definition"
        # The printed form is a member of the orbit with no more terms than the representative.
        assert tuple(o.inequality.row) in facets
        assert len(o.inequality.terms) <= np.count_nonzero(o.representative)
    assert sorted(len(o.inequality.terms) for o in orbits) == [3, 7]  # SA and MMI


def test_latex_table(certified_hec3):
    table = paper.to_latex(certified_hec3)
    orbits = paper.facet_orbits(certified_hec3)
    body = table.split(r"\midrule")[1].split(r"\bottomrule")[0]
    rows = [line for line in body.splitlines() if line.endswith(r"\\")]
    assert len(rows) == len(orbits) == 2
    for line, o in zip(rows, orbits):
        cells = [c.strip() for c in line[:-2].split("&")]
        assert cells[1] == f"${o.inequality.to_latex()}$"
        assert cells[2:] == [str(o.size), str(o.tight_rays), "test-facet-row"]
    assert r"\toprule" in table and r"\documentclass" not in table
    doc = paper.to_latex(certified_hec3, standalone=True)
    assert doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
    assert r"\usepackage{booktabs}" in doc and "(settled)" in doc


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles_with_pdflatex(hec4, tmp_path):
    (tex,) = paper.export(hec4, "latex", tmp_path)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / tex.with_suffix(".pdf").name).stat().st_size > 0


def test_markdown_and_csv_carry_the_same_data(hec4):
    orbits = paper.facet_orbits(hec4)
    md = paper.to_markdown(hec4).splitlines()
    table = [line for line in md if line.startswith("| ") and line[2].isdigit()]
    assert [line.split("|")[3].strip() for line in table] == [str(o.size) for o in orbits]
    assert [line.split("|")[2].strip() for line in table] == [f"`{o.inequality.to_text()}`" for o in orbits]
    rows = list(csv.DictReader(io.StringIO(paper.to_csv(hec4))))
    assert [int(r["orbit_size"]) for r in rows] == [o.size for o in orbits]
    assert [tuple(map(int, r["representative"].split())) for r in rows] == [o.representative for o in orbits]
    assert [int(r["tight_rays"]) for r in rows] == [o.tight_rays for o in orbits]


def test_json_database_aligns_certificates(certified_hec3, tmp_path):
    files = paper.export(certified_hec3, "json", tmp_path)
    directory = tmp_path / "hec-test" / "n3"
    assert {f.name for f in files} == {"facets.json", "rays.json", "facet_certificates.json", "ray_certificates.json", "meta.json"}
    assert all(f.parent == directory for f in files)
    db = paper.read_database(directory)
    facets = db["facets.json"]
    assert facets == certified_hec3.facets.tolist() and db["rays.json"] == certified_hec3.rays.tolist()
    certs = db["facet_certificates.json"]
    assert len(certs) == len(facets) and db["ray_certificates.json"] == [None] * len(db["rays.json"])
    direct = 0
    for row, record in zip(facets, certs):
        if record["kind"] == "orbit-image":
            j, g = record["data"]["representative"], record["data"]["permutation"]
            assert [facets[j][k] for k in g] == row  # row = rows[j][g]
            assert certs[j]["kind"] == "test-facet-row"
        else:
            direct += 1
            assert certificate_from_json(record).verify(np.array(row))
    assert direct == len(certified_hec3.facet_orbits)
    meta = db["meta.json"]
    assert meta["n"] == 3 and meta["status"] == "settled" and meta["coordinates"] == ["A", "B", "C", "AB", "AC", "BC", "ABC"]
    assert sum(o["size"] for o in meta["facet_orbits"]) == len(facets)
    # One row per line, so the files diff well.
    assert len((directory / "facets.json").read_text().splitlines()) == len(facets) + 2
    json.loads((directory / "meta.json").read_text())


def test_export_formats_and_files(tmp_path):
    gamma3 = shannon_cone(3)
    for fmt, suffix in (("latex", "tex"), ("markdown", "md"), ("csv", "csv")):
        (path,) = paper.export(gamma3, fmt, tmp_path / "out")
        assert path.name == f"shannon_n3_facets.{suffix}" and path.read_text()
    (path,) = paper.export(gamma3, "latex", tmp_path / "table-only", standalone=False)
    assert not path.read_text().startswith(r"\documentclass")
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".write-test"))


def test_bad_input(tmp_path, hec4):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ValueError, match="cannot write to the export directory .*a-file"):
        paper.export(hec4, "latex", blocker / "sub")
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        paper.export(hec4, "pdf", tmp_path)
    with pytest.raises(TypeError, match="EntropyCone"):
        paper.export(hec4.outer, "csv", tmp_path)
    inner_only = EntropyCone("inner-only", hec4.space, inner=hec4.outer)
    with pytest.raises(ValueError, match="no proved inequalities"):
        paper.to_latex(inner_only)
    with pytest.raises(ValueError, match="not an exported cone database"):
        paper.read_database(tmp_path)


def test_export_command(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="cones")
    paper.add_export_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", "shannon", "-n", "3", "--format", "json", "--out", str(tmp_path)])
    assert args.func(args) == 0
    printed = capsys.readouterr().out.split()
    assert len(printed) == 5 and paper.read_database(tmp_path / "shannon" / "n3")["meta.json"]["n"] == 3
    args = parser.parse_args(["export", "shannon", "-n", "3", "--format", "latex", "--table-only", "--out", str(tmp_path)])
    assert args.func(args) == 0 and r"\documentclass" not in (tmp_path / "shannon_n3_facets.tex").read_text()


def _hec5():
    pytest.importorskip("cones.holographic.cone")
    from cones.interface.store import cached_build

    return cached_build("holographic", 5)  # built once per session, then loaded from the store


def test_hec5_table_lists_8_orbits_of_372_facets():
    hec5 = _hec5()
    orbits = paper.facet_orbits(hec5)
    assert len(orbits) == 8 and sum(o.size for o in orbits) == 372
    assert all(o.certificate != "none" for o in orbits)
    table = paper.to_latex(hec5)
    assert table.count(r"\\") == 8 + 2  # caption line, header, 8 orbits


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_hec5_latex_compiles(tmp_path):
    (tex,) = paper.export(_hec5(), "latex", tmp_path)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
