"""Exports for papers: facet-orbit tables (LaTeX booktabs, Markdown, CSV) and a JSON database.

The table has one line per orbit of facets of the cone's outer bound under the space's group:
the inequality in its fewest-terms form (:meth:`Inequality.fewest_terms`), the orbit size,
the number of extreme rays tight on the orbit representative, and the kind of certificate
that proves it (``definition`` for a cone defined by the inequalities, ``none`` if unproved).  The database, per family and ``n``, is the directory ``FAMILY/n{N}/`` with::

    facets.json              all facet rows (canonical order)
    rays.json                all extreme rays of the inner bound (canonical order)
    facet_certificates.json  list aligned with facets.json: {"kind", "data"} or null
    ray_certificates.json    list aligned with rays.json
    meta.json                family, n, pure, coordinates, status, equations, lines, orbits

A row whose certificate is stored for another member of its orbit gets
``{"kind": "orbit-image", "data": {"representative": j, "permutation": g}}``: the row equals
``rows[j][g]`` (the action ``g . v = v[g]``) and row ``j`` carries the certificate.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cones.core.bounds import EntropyCone
from cones.core.certificate_kinds import certificate_to_json, kind_of
from cones.expressions import Inequality
from cones.interface.store import atomic_write_bytes, package_version

FORMATS = ("latex", "markdown", "csv", "json")


@dataclass(frozen=True)
class FacetOrbit:
    """One line of the table."""

    representative: tuple[int, ...]
    inequality: Inequality
    size: int
    tight_rays: int
    certificate: str


def _check_cone(cone) -> EntropyCone:
    if not isinstance(cone, EntropyCone):
        raise TypeError(f"expected an EntropyCone, got {type(cone).__name__}")
    if cone.outer is None:
        raise ValueError(f"the {cone.family} cone for n={cone.space.n} has no proved inequalities (no outer bound) to tabulate")
    return cone


def _certificate_name(certificate) -> str:
    try:
        return kind_of(certificate)
    except TypeError:
        return getattr(certificate, "kind", type(certificate).__name__)


def facet_orbits(cone: EntropyCone) -> list[FacetOrbit]:
    """The facet orbits of ``cone.outer`` with their table data, smallest orbit first.  Tight rays
    are counted among ``cone.rays`` (the inner bound's rays for a sandwich)."""
    cone = _check_cone(cone)
    facets = np.asarray(cone.facets, dtype=np.int64)
    rays = np.asarray(cone.rays, dtype=np.int64)
    out = []
    for orbit in cone.space.group.orbits(facets):
        rep = tuple(int(v) for v in orbit.representative)
        members = [tuple(int(v) for v in facets[i]) for i in orbit.members]
        found = [cone.facet_certificates[k] for k in [rep, *members] if k in cone.facet_certificates]
        tight = int(np.count_nonzero(rays @ np.asarray(rep, dtype=np.int64) == 0)) if len(rays) else 0
        kind = _certificate_name(found[0]) if found else ("definition" if cone.definition is not None else "none")
        out.append(FacetOrbit(rep, Inequality(cone.space, rep).fewest_terms(), orbit.size, tight, kind))
    return sorted(out, key=lambda o: (o.size, len(o.inequality.terms), o.representative))


def _title(cone: EntropyCone, orbits: list[FacetOrbit]) -> str:
    rays = "extreme rays" if cone.is_exact else "extreme rays of the inner bound"
    return (f"Facet orbits of the {cone.family} cone for n={cone.space.n} ({cone.status}): "
            f"{len(orbits)} orbits, {sum(o.size for o in orbits)} facets, {len(cone.rays)} {rays}")


def _tex_escape(text: str) -> str:
    for plain, escaped in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                           ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}")):
        text = text.replace(plain, escaped)
    return text


_PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{booktabs}
\usepackage{array}
\usepackage{longtable}
\begin{document}
"""


def to_latex(cone: EntropyCone, *, standalone: bool = False, label: str | None = None) -> str:
    """A booktabs ``longtable`` of the facet orbits (breaks across pages); with ``standalone``
    a complete document that compiles with ``pdflatex`` (packages: amsmath, booktabs, array,
    longtable)."""
    orbits = facet_orbits(cone)
    label = label or f"tab:{cone.family}-{cone.space.n}-facets"
    label = "".join(c if c.isalnum() or c in ":-." else "-" for c in label)
    lines = [
        r"{\small",
        r"\begin{longtable}{r>{\raggedright\arraybackslash}p{0.58\linewidth}rrl}",
        rf"\caption{{{_tex_escape(_title(cone, orbits))}}}\label{{{label}}}\\",
        r"\toprule",
        r"\# & inequality & orbit & tight rays & certificate \\",
        r"\midrule",
        r"\endhead",
    ]
    for i, o in enumerate(orbits, 1):
        lines.append(rf"{i} & ${o.inequality.to_latex()}$ & {o.size} & {o.tight_rays} & {_tex_escape(o.certificate)} \\")
    lines += [r"\bottomrule", r"\end{longtable}", "}"]
    table = "\n".join(lines) + "\n"
    return _PREAMBLE + table + "\\end{document}\n" if standalone else table


def to_markdown(cone: EntropyCone) -> str:
    """The same table in Markdown (inequalities in the text syntax)."""
    orbits = facet_orbits(cone)
    lines = [f"**{_title(cone, orbits)}**", "", "| # | inequality | orbit | tight rays | certificate |",
             "|---:|:---|---:|---:|:---|"]
    for i, o in enumerate(orbits, 1):
        lines.append(f"| {i} | `{o.inequality.to_text()}` | {o.size} | {o.tight_rays} | {o.certificate} |")
    return "\n".join(lines) + "\n"


def to_csv(cone: EntropyCone) -> str:
    """The same table as CSV, with the orbit representative row (space-separated integers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["orbit", "inequality", "latex", "orbit_size", "tight_rays", "certificate", "representative"])
    for i, o in enumerate(facet_orbits(cone), 1):
        writer.writerow([i, o.inequality.to_text(), o.inequality.to_latex(), o.size, o.tight_rays, o.certificate,
                         " ".join(map(str, o.representative))])
    return buffer.getvalue()


# -- JSON database ---------------------------------------------------------------------------
def _aligned_certificates(rows: np.ndarray, certificates: dict, group) -> list:
    """Certificate records aligned with ``rows``; orbit members point at a certified member."""
    keys = [tuple(int(v) for v in r) for r in rows]
    position = {k: i for i, k in enumerate(keys)}
    out: list = [None] * len(rows)
    for k, cert in certificates.items():
        if k in position:
            try:
                out[position[k]] = certificate_to_json(cert)
            except TypeError:  # unregistered kind: still exported, without a reader
                out[position[k]] = {"kind": _certificate_name(cert), "data": cert.to_json()}
    for orbit in group.orbits(rows) if len(rows) else []:
        certified = [i for i in orbit.members if out[i] is not None and out[i]["kind"] != "orbit-image"]
        if not certified:
            continue
        j = certified[0]
        images = rows[j][group.elements]  # images[g] = rows[j][g]
        for i in orbit.members:
            if out[i] is None:
                g = int(np.flatnonzero(np.all(images == rows[i], axis=1))[0])
                out[i] = {"kind": "orbit-image", "data": {"representative": j, "permutation": group.elements[g].tolist()}}
    return out


def _dumps(obj) -> bytes:
    """JSON with one list item or one dict key per line (rows stay on one line each)."""
    if isinstance(obj, list):
        body = ",\n".join(" " + json.dumps(item) for item in obj)
        return f"[\n{body}\n]\n".encode() if obj else b"[]\n"
    body = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in obj.items())
    return f"{{\n{body}\n}}\n".encode()


def _rays_are(cone: EntropyCone) -> str:
    if cone.is_exact:
        return "extreme rays of the cone"
    if cone.inner is not None:
        return "extreme rays of the inner bound (realised entropy vectors)"
    return "extreme rays of the outer bound (not claimed realised)"


def database(cone: EntropyCone) -> dict[str, object]:
    """The JSON database of ``cone`` as ``{file name: JSON-ready object}``."""
    cone = _check_cone(cone)
    group = cone.space.group
    facets = np.asarray(cone.facets, dtype=np.int64)
    rays = np.asarray(cone.rays, dtype=np.int64)

    def orbit_list(rows):
        return [{"representative": [int(v) for v in o.representative], "size": o.size, "members": list(o.members)}
                for o in (group.orbits(rows) if len(rows) else [])]

    meta = {
        "family": cone.family,
        "n": cone.space.n,
        "pure": cone.space.pure,
        "coordinates": list(cone.space.coordinate_names),
        "status": cone.status,
        "definition": cone.definition,
        "facets_are": "facets of the cone" if cone.is_exact else "facets of the outer bound (proved inequalities)",
        "rays_are": _rays_are(cone),
        "equations": np.asarray(cone.equations).tolist(),
        "lines": np.asarray((cone.inner if cone.inner is not None else cone.outer).lines).tolist(),
        "facet_orbits": orbit_list(facets),
        "ray_orbits": orbit_list(rays),
        "version": package_version(),
    }
    return {
        "facets.json": facets.tolist(),
        "rays.json": rays.tolist(),
        "facet_certificates.json": _aligned_certificates(facets, cone.facet_certificates, group),
        "ray_certificates.json": _aligned_certificates(rays, cone.ray_certificates, group),
        "meta.json": meta,
    }


def read_database(directory: str | Path) -> dict[str, object]:
    """Read back a database directory written by :func:`export` (``FAMILY/n{N}``)."""
    directory = Path(directory)
    names = ("facets.json", "rays.json", "facet_certificates.json", "ray_certificates.json", "meta.json")
    missing = [name for name in names if not (directory / name).is_file()]
    if missing:
        raise ValueError(f"{directory} is not an exported cone database (missing {', '.join(missing)})")
    return {name: json.loads((directory / name).read_text()) for name in names}


# -- export ----------------------------------------------------------------------------------
def _writable_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"cannot write to the export directory {path}: {exc.strerror or exc}") from None
    return path


def export(cone: EntropyCone, fmt: str, out_dir: str | Path, *, standalone: bool = True) -> list[Path]:
    """Write ``cone`` in ``fmt`` (latex, markdown, csv or json) under ``out_dir``; returns the files.

    ``latex``/``markdown``/``csv`` write ``FAMILY_n{N}_facets.{tex,md,csv}`` (LaTeX as a complete
    document unless ``standalone=False``); ``json`` writes the database ``FAMILY/n{N}/``.
    Files are written atomically.  An unwritable directory is a ValueError naming it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    cone = _check_cone(cone)
    out_dir = Path(out_dir)
    stem = f"{cone.family}_n{cone.space.n}_facets"
    if fmt == "json":
        target = _writable_dir(out_dir / cone.family / f"n{cone.space.n}")
        files = [(target / name, _dumps(obj)) for name, obj in database(cone).items()]
    else:
        text = {"latex": lambda: to_latex(cone, standalone=standalone), "markdown": lambda: to_markdown(cone),
                "csv": lambda: to_csv(cone)}[fmt]()
        suffix = {"latex": "tex", "markdown": "md", "csv": "csv"}[fmt]
        files = [(_writable_dir(out_dir) / f"{stem}.{suffix}", text.encode())]
    for path, data in files:
        atomic_write_bytes(path, data)
    return [path for path, _ in files]


def export_text(cone: EntropyCone, fmt: str, *, standalone: bool = True, kind: str = "facets", orbits: bool = False) -> str:
    """The export of ``cone`` in ``fmt`` as one text (what ``cones export`` prints without ``--out``):
    the paper formats (latex, markdown, csv facet-orbit tables; json, the database as one object
    ``{file name: content}``), or any row format of :mod:`cones.interface.exports` (``kind``, ``orbits``)."""
    from cones.interface.exports import FORMATS as ROW_FORMATS, export_cone

    cone = _check_cone(cone)
    if fmt in FORMATS and kind == "facets" and not orbits:
        if fmt == "json":
            return _dumps(database(cone)).decode()
        return {"latex": lambda: to_latex(cone, standalone=standalone), "markdown": lambda: to_markdown(cone),
                "csv": lambda: to_csv(cone)}[fmt]()
    if fmt not in ROW_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return export_cone(cone, fmt, kind=kind, orbits=orbits)


EXPORT_FORMATS = ("latex", "latex-table", "markdown", "csv", "json", "mathematica", "ine", "ext", "text")
_SUFFIX = {"latex": "tex", "latex-table": "tex", "markdown": "md", "csv": "csv", "json": "json", "mathematica": "m",
           "ine": "ine", "ext": "ext", "text": "txt"}


# -- command line: ``cones export FAMILY -n N --format ... [--out DIR]`` -----------------------
def add_export_subparser(subparsers):
    """Add the ``export`` verb to an argparse sub-parser collection (dispatch via ``args.func``)."""
    import argparse

    parser = subparsers.add_parser(
        "export",
        help="write a facet-orbit table or a JSON database for a paper (stdout, or files with --out)",
        description="Export a cone family to stdout, or to files under --out DIR: LaTeX (booktabs, compiles "
                    "as it is), Markdown, CSV tables of facet orbits, the JSON database "
                    "FAMILY/nN/{facets,rays,...}.json, or any row format of `cones facets` "
                    "(latex-table, mathematica, ine, ext, text; --kind rays for the rays).  Exit 0 on "
                    "success, 2 on bad input (unknown family, unwritable directory).",
        epilog="examples:\n  cones export holographic -n 5 --format latex > hec5.tex\n"
               "  cones export holographic -n 5 --format latex --out paper/\n"
               "  cones export holographic -n 5 --format json --out data/\n"
               "  cones export shannon -n 4 --format ext --kind rays",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("family", metavar="FAMILY")
    parser.add_argument("-n", type=int, required=True, metavar="N", help="number of parties (the purifier not counted)")
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    parser.add_argument("--out", metavar="DIR", help="output directory (created if needed); default: stdout")
    parser.add_argument("--kind", choices=("facets", "rays"), default="facets", help="rows to export (row formats)")
    parser.add_argument("--orbits", action="store_true", help="row formats: one representative per orbit")
    parser.add_argument("--table-only", action="store_true", help="LaTeX: the table without a document around it")
    parser.set_defaults(func=run_export_command)
    return parser


def run_export_command(args) -> int:
    """Build (or load from the store) the family and export it: to stdout, or files under ``--out``."""
    import sys

    from cones.interface.store import cached_build

    cone = cached_build(args.family, args.n)
    paper_format = args.format in FORMATS and args.kind == "facets" and not args.orbits
    if args.out is None:
        sys.stdout.write(export_text(cone, args.format, standalone=not args.table_only, kind=args.kind, orbits=args.orbits))
        return 0
    if paper_format:
        paths = export(cone, args.format, args.out, standalone=not args.table_only)
    else:
        path = _writable_dir(Path(args.out)) / f"{cone.family}_n{cone.space.n}_{args.kind}.{_SUFFIX[args.format]}"
        atomic_write_bytes(path, export_text(cone, args.format, kind=args.kind, orbits=args.orbits).encode())
        paths = [path]
    for path in paths:
        print(path)
    return 0
