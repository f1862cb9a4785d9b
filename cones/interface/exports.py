"""Export and import facet and ray lists: the same rows in every format.

Rows are primitive integer rows in the shared coordinate order (cardinality, then
lexicographic).  ``kind`` is ``"facets"`` (a row ``a`` means ``a . S >= 0``) or ``"rays"``.

========== =====================================================================
format     content
========== =====================================================================
json       a JSON list of integer rows, nothing else
csv        header = coordinate names, one row per line
text       facets: one inequality per line (``S(A) + S(B) >= S(AB)``); rays: integers
latex      facets: an ``align`` block; rays: a booktabs ``tabular`` with one column per coordinate
latex-table booktabs table of orbit representatives with orbit sizes (imports expand the orbits)
markdown   a pipe table: facets one inequality per line, rays one column per coordinate
mathematica ``{{1, 1, -1}, ...}``
ine / ext  cdd H-/V-representation (via ``polytopes.formats``)
========== =====================================================================

With ``orbits=True`` only the orbit representatives under ``space.group`` are written (csv
and text add the orbit sizes) and import expands them back to the full orbits.
"""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np

from polytopes import as_int, canonical_rows, check_rows, formats

from cones.expressions import Inequality, parse_inequality
from cones.space import EntropySpace

FORMATS = ("json", "csv", "text", "latex", "latex-table", "markdown", "mathematica", "ine", "ext")
KINDS = ("facets", "rays")
_ORBIT_COLUMN = "orbit size"


def _check(space: EntropySpace, fmt: str, kind: str) -> None:
    if not isinstance(space, EntropySpace):
        raise TypeError(f"space must be an EntropySpace, got {type(space).__name__}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if kind not in KINDS:
        raise ValueError(f"kind must be 'facets' or 'rays', got {kind!r}")
    if (fmt, kind) in (("ine", "rays"), ("ext", "facets")):
        raise ValueError(f"cdd .{fmt} files hold {'inequalities' if fmt == 'ine' else 'rays'}, not {kind}")


def _orbits(rows: np.ndarray, space: EntropySpace) -> tuple[np.ndarray, list[int]]:
    orbits = space.group.orbits(rows)
    if sum(o.size for o in orbits) != len(rows):
        raise ValueError("the rows are not a union of orbits of the space's group; export them without orbits")
    reps = np.array([o.representative for o in orbits], dtype=np.int64).reshape(len(orbits), space.dim)
    return reps, [o.size for o in orbits]


def export_rows(rows, space: EntropySpace, fmt: str, *, kind: str = "facets", orbits: bool = False) -> str:
    """The rows (canonicalised) as text in ``fmt``; ``orbits=True`` writes orbit representatives.

    Examples
    --------
    >>> from cones import shannon_cone
    >>> gamma3 = shannon_cone(3)
    >>> print(export_rows(gamma3.facets[:2], gamma3.space, "text"), end="")
    S(AB) + S(AC) >= S(A) + S(ABC)
    S(AB) + S(BC) >= S(B) + S(ABC)
    """
    _check(space, fmt, kind)
    rows = canonical_rows(rows, space.dim)
    sizes = None
    if orbits or fmt == "latex-table":
        rows, sizes = _orbits(rows, space)
    return _WRITERS[fmt](rows.tolist(), space, kind, sizes)


def import_rows(text: str, space: EntropySpace, fmt: str, *, kind: str = "facets", orbits: bool = False) -> np.ndarray:
    """Canonical int64 rows read from ``text`` in ``fmt``; ``orbits=True`` expands representatives."""
    _check(space, fmt, kind)
    if not isinstance(text, str):
        raise TypeError(f"expected the exported text as a string, got {type(text).__name__}")
    rows = _READERS[fmt](text, space, kind)
    rows = canonical_rows(check_rows([[as_int(v) for v in r] for r in rows], space.dim, f"{fmt} rows"), space.dim)
    if orbits or fmt == "latex-table":
        rows = canonical_rows(np.concatenate([space.group.orbit(r) for r in rows]) if len(rows) else rows, space.dim)
    return rows


def export_cone(cone, fmt: str, *, kind: str = "facets", orbits: bool = False) -> str:
    """Export the facets or rays of an :class:`~cones.core.bounds.EntropyCone`."""
    rows = cone.facets if kind == "facets" else cone.rays
    return export_rows(rows, cone.space, fmt, kind=kind, orbits=orbits)


# -- writers ------------------------------------------------------------------------------
def _printed(space, row, sizes) -> Inequality:
    """An orbit representative prints as the member with the fewest terms (imports expand the orbit)."""
    inequality = Inequality(space, row)
    return inequality.fewest_terms() if sizes else inequality


def _write_json(rows, space, kind, sizes):
    return "[\n" + ",\n".join("  " + json.dumps(r) for r in rows) + "\n]\n" if rows else "[]\n"


def _write_csv(rows, space, kind, sizes):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(space.coordinate_names + ([_ORBIT_COLUMN] if sizes else []))
    for i, r in enumerate(rows):
        writer.writerow(r + ([sizes[i]] if sizes else []))
    return out.getvalue()


def _write_text(rows, space, kind, sizes):
    def suffix(i):
        return f"  # orbit size {sizes[i]}" if sizes else ""

    if kind == "facets":
        return "".join(_printed(space, r, sizes).to_text() + suffix(i) + "\n" for i, r in enumerate(rows))
    head = "# " + " ".join(space.coordinate_names) + "\n"
    return head + "".join(" ".join(map(str, r)) + suffix(i) + "\n" for i, r in enumerate(rows))


def _write_latex(rows, space, kind, sizes):
    if kind == "facets":
        lines = []
        for i, r in enumerate(rows):
            lhs, rhs = _printed(space, r, sizes).to_latex().split(r" \geq ")
            note = rf" \quad (\times {sizes[i]})" if sizes else ""
            lines.append(rf"  {lhs} &\geq {rhs}{note}")
        return "\\begin{align}\n" + " \\\\\n".join(lines) + "\n\\end{align}\n"
    header = " & ".join(f"${name}$" for name in space.coordinate_names) + (r" & orbit size" if sizes else "")
    body = "".join(" & ".join(map(str, r)) + (f" & {sizes[i]}" if sizes else "") + " \\\\\n" for i, r in enumerate(rows))
    cols = "r" * (space.dim + bool(sizes))
    return (f"\\begin{{tabular}}{{{cols}}}\n\\toprule\n{header} \\\\\n\\midrule\n{body}\\bottomrule\n\\end{{tabular}}\n")


def _write_latex_table(rows, space, kind, sizes):
    if kind == "facets":
        cells = [_printed(space, r, sizes).to_latex() for r in rows]
        title = "inequality"
    else:
        cells = ["(" + ", ".join(map(str, r)) + ")" for r in rows]
        title = "ray (" + ", ".join(space.coordinate_names) + ")"
    body = "".join(f"{i + 1} & ${c}$ & {s} \\\\\n" for i, (c, s) in enumerate(zip(cells, sizes)))
    return (f"\\begin{{tabular}}{{rlr}}\n\\toprule\n\\# & {title} & orbit size \\\\\n\\midrule\n"
            f"{body}\\bottomrule\n\\end{{tabular}}\n")


def _write_markdown(rows, space, kind, sizes):
    extra = [_ORBIT_COLUMN] if sizes else []
    header = (["inequality"] if kind == "facets" else list(space.coordinate_names)) + extra
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for i, r in enumerate(rows):
        cells = [_printed(space, r, sizes).to_text()] if kind == "facets" else [str(v) for v in r]
        lines.append("| " + " | ".join(cells + ([str(sizes[i])] if sizes else [])) + " |")
    return "\n".join(lines) + "\n"


def _write_mathematica(rows, space, kind, sizes):
    return "{" + ", ".join("{" + ", ".join(map(str, r)) + "}" for r in rows) + "}\n"


def _write_cdd(rows, space, kind, sizes):
    out = io.StringIO()
    name = f"{kind} of an entropy cone, coordinates {' '.join(space.coordinate_names)}"
    (formats.write_ine if kind == "facets" else formats.write_ext)(out, np.array(rows, dtype=np.int64).reshape(len(rows), space.dim), name=name)
    return out.getvalue()


# -- readers ------------------------------------------------------------------------------
def _read_json(text, space, kind):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
        raise ValueError("JSON input must be a list of integer rows")
    return data


def _read_csv(text, space, kind):
    try:
        return _csv_rows(text, space, kind)
    except csv.Error as exc:
        raise ValueError(f"malformed CSV: {exc}") from None


def _csv_rows(text, space, kind):
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise ValueError("empty CSV input (expected a header of coordinate names)")
    if header and header[-1] == _ORBIT_COLUMN:
        header = header[:-1]
        rows = [r[:-1] for r in reader if r]
    else:
        rows = [r for r in reader if r]
    if header != space.coordinate_names:
        raise ValueError(f"CSV header {header} does not match the coordinates {space.coordinate_names}")
    return [[_integer(v) for v in r] for r in rows]


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an integer entry") from None


def _content_lines(text):
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def _read_text(text, space, kind):
    if kind == "facets":
        return [parse_inequality(line, space).row for line in _content_lines(text)]
    return [[_integer(v) for v in line.split()] for line in _content_lines(text)]


def _latex_to_text(line: str) -> str:
    line = re.sub(r"\\quad\s*\(\\times\s*\d+\)", "", line)
    line = line.replace(r"\geq", ">=").replace(r"\leq", "<=").replace("&", "").replace("$", "")
    return line.strip()


def _between(text, start, end):
    try:
        body = text[text.index(start) + len(start): text.index(end)]
    except ValueError:
        raise ValueError(f"LaTeX input has no {start} ... {end} block") from None
    return [line.strip().removesuffix("\\\\").strip() for line in body.splitlines() if line.strip()]


def _read_latex(text, space, kind):
    if kind == "facets":
        return [parse_inequality(_latex_to_text(line), space).row for line in _between(text, r"\begin{align}", r"\end{align}")]
    rows = [[c.strip() for c in line.split("&")] for line in _between(text, r"\midrule", r"\bottomrule")]
    if rows and len(rows[0]) == space.dim + 1:  # written with orbit sizes
        rows = [r[:-1] for r in rows]
    return [[_integer(v) for v in r] for r in rows]


def _read_latex_table(text, space, kind):
    rows = []
    for line in _between(text, r"\midrule", r"\bottomrule"):
        cells = [c.strip() for c in line.split("&")]
        if len(cells) != 3:
            raise ValueError(f"LaTeX table row {line!r} does not have 3 columns")
        cell = cells[1].strip("$ ")
        if kind == "facets":
            rows.append(parse_inequality(_latex_to_text(cell), space).row)
        else:
            rows.append([_integer(v) for v in cell.strip("()").split(",")])
    return rows


def _read_markdown(text, space, kind):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].startswith("|") or not set(lines[1]) <= set("|-: "):
        raise ValueError("Markdown input must be a pipe table: a header line, a |---| line, then rows")
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    sized = header[-1] == _ORBIT_COLUMN
    expected = (["inequality"] if kind == "facets" else list(space.coordinate_names)) + ([_ORBIT_COLUMN] if sized else [])
    if header != expected:
        raise ValueError(f"Markdown header {header} does not match {expected}")
    rows = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != len(header):
            raise ValueError(f"Markdown row {line!r} does not have {len(header)} columns")
        cells = cells[:-1] if sized else cells
        rows.append(parse_inequality(cells[0], space).row if kind == "facets" else [_integer(v) for v in cells])
    return rows


def _read_mathematica(text, space, kind):
    return _read_json(text.replace("{", "[").replace("}", "]"), space, kind)


def _read_cdd(text, space, kind):
    rows, linear = (formats.read_ine if kind == "facets" else formats.read_ext)(io.StringIO(text))
    if len(linear):
        raise ValueError(f"the cdd input has {'equations' if kind == 'facets' else 'lines'}; a facet or ray list has none")
    return rows.tolist()


_WRITERS = {"json": _write_json, "csv": _write_csv, "text": _write_text, "latex": _write_latex,
            "latex-table": _write_latex_table, "markdown": _write_markdown, "mathematica": _write_mathematica, "ine": _write_cdd, "ext": _write_cdd}
_READERS = {"json": _read_json, "csv": _read_csv, "text": _read_text, "latex": _read_latex,
            "latex-table": _read_latex_table, "markdown": _read_markdown, "mathematica": _read_mathematica, "ine": _read_cdd, "ext": _read_cdd}
