"""Files: cdd ``.ine``/``.ext`` text and JSON lists of integer rows.

cdd format (cddlib manual, "Polyhedra format")::

    * comment
    H-representation            (or V-representation)
    linearity k i1 ... ik       (optional, 1-based rows that are equations / lines)
    begin
     m  d+1  integer            (or rational)
     b  a1 ... ad
    end

For cones every row has ``b = 0`` (``.ine``: ``a.x >= 0``; ``.ext``: rays); a ``.ext`` may
also list the origin as the vertex ``1 0 ... 0``, which is skipped.  Readers return exact
primitive int64 rows in file order; ``real`` number types are refused as inexact.
"""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import numpy as np

from ._integers import as_int, check_rows, primitive, to_array


def _text(source) -> tuple[str, str]:
    """Text and a name for messages, from a path or a readable file object."""
    if hasattr(source, "read"):
        return source.read(), getattr(source, "name", "<stream>")
    return Path(source).read_text(), str(source)


def _write(target, text: str) -> None:
    if hasattr(target, "write"):
        target.write(text)
    else:
        Path(target).write_text(text)


def _int_rows(rows, width, what) -> list[list[int]]:
    out = []
    for i, r in enumerate(check_rows(rows, width, what)):
        try:
            out.append([as_int(v) for v in r])
        except ValueError as err:
            raise ValueError(f"{what}: row {i}: {err}") from None
    return out


def _parse_cdd(source, kind: str):
    text, name = _text(source)
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("*")]
    if not lines:
        raise ValueError(f"{name}: empty input")
    other = "V-representation" if kind == "H-representation" else "H-representation"
    if any(ln.lower().startswith(other.lower()) for ln in lines):
        raise ValueError(f"{name}: is a {other}, expected an {kind}")
    if kind == "V-representation" and not any(ln.lower().startswith(kind.lower()) for ln in lines):
        raise ValueError(f"{name}: no 'V-representation' line")
    try:
        begin = next(i for i, ln in enumerate(lines) if ln.lower() == "begin")
        end = next(i for i, ln in enumerate(lines) if ln.lower() == "end")
    except StopIteration:
        raise ValueError(f"{name}: missing 'begin' or 'end' line") from None
    linearity: set[int] = set()
    for ln in lines[:begin]:
        if ln.lower().startswith("linearity"):
            parts = ln.split()[1:]
            try:
                count, idx = int(parts[0]), [int(v) for v in parts[1:]]
            except (IndexError, ValueError):
                raise ValueError(f"{name}: malformed linearity line {ln!r}") from None
            if count != len(idx):
                raise ValueError(f"{name}: linearity line announces {count} rows but lists {len(idx)}")
            linearity = set(idx)
    header = lines[begin + 1].split() if begin + 1 < end else []
    if len(header) != 3:
        raise ValueError(f"{name}: expected 'm d+1 integer|rational' after 'begin', got {' '.join(header)!r}")
    try:
        m, cols = int(header[0]), int(header[1])
    except ValueError:
        raise ValueError(f"{name}: row and column counts must be integers, got {header[:2]}") from None
    number = header[2].lower()
    if number not in ("integer", "rational"):
        raise ValueError(f"{name}: number type {header[2]!r} is not exact; use integer or rational")
    if cols < 2:
        raise ValueError(f"{name}: need at least 2 columns (the constant and one coordinate), got {cols}")
    body = lines[begin + 2:end]
    if len(body) != m:
        raise ValueError(f"{name}: header announces {m} rows, found {len(body)}")
    if bad := [i for i in linearity if not 1 <= i <= m]:
        raise ValueError(f"{name}: linearity refers to rows {bad} outside 1..{m}")
    rows, lin = [], []
    for i, ln in enumerate(body, start=1):
        tokens = ln.split()
        if len(tokens) != cols:
            raise ValueError(f"{name}: row {i} has {len(tokens)} entries, expected {cols}")
        try:
            values = [int(v) for v in tokens] if number == "integer" else [Fraction(v) for v in tokens]
        except ValueError:
            raise ValueError(f"{name}: row {i} has a non-{number} entry: {ln!r}") from None
        if values[0] != 0:
            if kind == "V-representation" and values[0] == 1 and not any(values[1:]) and i not in linearity:
                continue  # the origin as a vertex
            raise ValueError(f"{name}: row {i} has first entry {tokens[0]}, a cone needs 0")
        (lin if i in linearity else rows).append(primitive(values[1:]))
    return to_array(rows, cols - 1), to_array(lin, cols - 1)


def _format_cdd(kind: str, rows, lin_rows, name: str | None, extra_origin: bool = False) -> str:
    what = ("inequalities", "equations") if kind == "H-representation" else ("rays", "lines")
    checked = [check_rows(r, None, w) for r, w in zip((rows, lin_rows), what)]
    widths = [len(c[0]) for c in checked if c] + [r.shape[1] for r in (rows, lin_rows)
                                                   if isinstance(r, np.ndarray) and r.ndim == 2]
    if not widths:
        raise ValueError("empty input: no rows to write, so the dimension is unknown")
    width = widths[0]
    body = [[0] + r for r in _int_rows(checked[0], width, what[0])]
    n_lin = len(checked[1])
    body += [[0] + r for r in _int_rows(checked[1], width, what[1])]
    if extra_origin:
        body.insert(0, [1] + [0] * width)
    out = io.StringIO()
    if name:
        out.write(f"* {name}\n")
    out.write(f"{kind}\n")
    if n_lin:
        first = len(body) - n_lin + 1
        out.write(f"linearity {n_lin} " + " ".join(str(i) for i in range(first, len(body) + 1)) + "\n")
    out.write(f"begin\n {len(body)} {width + 1} integer\n")
    for r in body:
        out.write(" " + " ".join(str(v) for v in r) + "\n")
    out.write("end\n")
    return out.getvalue()


def read_ine(source) -> tuple[np.ndarray, np.ndarray]:
    """``(inequalities, equations)`` of a cone from a cdd ``.ine`` file (path or file object)."""
    return _parse_cdd(source, "H-representation")


def read_ext(source) -> tuple[np.ndarray, np.ndarray]:
    """``(rays, lines)`` of a cone from a cdd ``.ext`` file (path or file object)."""
    return _parse_cdd(source, "V-representation")


def write_ine(target, inequalities, equations=(), *, name: str | None = None) -> None:
    """Write ``a.x >= 0`` rows and ``e.x = 0`` rows as a cdd ``.ine`` file."""
    _write(target, _format_cdd("H-representation", inequalities, equations, name))


def write_ext(target, rays, lines=(), *, name: str | None = None) -> None:
    """Write rays and lines of a cone as a cdd ``.ext`` file (the origin listed as its vertex)."""
    _write(target, _format_cdd("V-representation", rays, lines, name, extra_origin=True))


def read_json_rows(source, *, width: int | None = None) -> np.ndarray:
    """An int64 array from a JSON list of equal-length lists of integers."""
    text, name = _text(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{name}: not JSON ({err})") from None
    if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
        raise ValueError(f"{name}: expected a JSON list of lists of integers")
    if not data:
        if width is None:
            raise ValueError(f"{name}: empty input (no rows, so the dimension is unknown)")
        return np.zeros((0, width), dtype=np.int64)
    for i, r in enumerate(data):
        if bad := [v for v in r if isinstance(v, bool) or not isinstance(v, int)]:
            raise ValueError(f"{name}: row {i} has non-integer entries {bad[:3]}")
    check_rows(data, width, name)
    return to_array(data, len(data[0]))


def write_json_rows(target, rows) -> None:
    """Write integer rows as a JSON list of lists, one row per line."""
    data = _int_rows(rows, None, "rows")
    _write(target, "[\n" + ",\n".join(json.dumps(r) for r in data) + "\n]\n")
