"""Exact integer rows: primitive scaling and canonical order.

Every representation the package returns is a 2-D ``numpy.int64`` array of primitive rows
(gcd of the entries is 1), without duplicates, sorted lexicographically.  Rational input
(``fractions.Fraction``, ``int``, ``sympy.Rational``) is scaled by the lcm of denominators.
Values beyond the int64 range raise rather than wrap.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from numbers import Rational
from typing import Iterable, Sequence

import numpy as np

_LIMIT = 2**62


def as_fraction(x) -> Fraction:
    """Exact rational from an int, Fraction, sympy Rational or integral float; else ValueError."""
    if isinstance(x, (bool, np.bool_)):
        raise ValueError(f"boolean {x!r} is not a number")
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    if isinstance(x, Fraction):
        return x
    if isinstance(x, Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    if hasattr(x, "p") and hasattr(x, "q"):  # sympy.Rational / Integer
        return Fraction(int(x.p), int(x.q))
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return Fraction(int(x))
    raise ValueError(f"entry {x!r} is not an exact rational (use ints or fractions.Fraction)")


def as_int(x) -> int:
    """Exact integer from an integral value; ValueError on fractions or floats with a fractional part."""
    f = as_fraction(x)
    if f.denominator != 1:
        raise ValueError(f"entry {x!r} is not an integer")
    return f.numerator


def primitive(row: Sequence) -> tuple[int, ...]:
    """Scale a rational row to the primitive integer row with the same direction (zero stays zero)."""
    fr = [as_fraction(x) for x in row]
    den = lcm(*(f.denominator for f in fr)) if fr else 1
    ints = [int(f * den) for f in fr]
    g = 0
    for v in ints:
        g = gcd(g, v)
    if g > 1:
        ints = [v // g for v in ints]
    return tuple(ints)


def check_rows(rows, width: int | None = None, what: str = "rows") -> list[list]:
    """Validate a 2-D input: non-ragged, of the given width; returns a list of lists."""
    if isinstance(rows, np.ndarray):
        if rows.ndim == 1 and rows.size == 0:
            return []
        if rows.ndim != 2:
            raise ValueError(f"{what}: expected a 2-D array, got {rows.ndim} dimension(s)")
        rows = rows.tolist()
    out = [list(r) for r in rows]
    widths = {len(r) for r in out}
    if len(widths) > 1:
        raise ValueError(f"{what}: ragged rows (lengths {sorted(widths)})")
    if out and width is not None and len(out[0]) != width:
        raise ValueError(f"{what}: rows have length {len(out[0])}, expected {width}")
    return out


def to_array(rows: Iterable[Sequence[int]], width: int) -> np.ndarray:
    """Integer rows to an int64 array of shape (k, width), with an overflow check."""
    rows = list(rows)
    if not rows:
        return np.zeros((0, width), dtype=np.int64)
    for r in rows:
        for v in r:
            if not -_LIMIT < v < _LIMIT:
                raise OverflowError(f"entry {v} exceeds the int64 range used for stored rows")
    return np.array(rows, dtype=np.int64).reshape(len(rows), width)


def canonical_rows(rows, width: int, *, sign_free: bool = False) -> np.ndarray:
    """Primitive, deduplicated, lexicographically sorted int64 rows; zero rows dropped.

    With ``sign_free`` (for lines and equations) each row is also normalised so that its
    first non-zero entry is positive.
    """
    seen = set()
    for r in check_rows(rows, width):
        p = primitive(r)
        if not any(p):
            continue
        if sign_free:
            first = next(v for v in p if v)
            if first < 0:
                p = tuple(-v for v in p)
        seen.add(p)
    arr = to_array(sorted(seen), width)
    arr.setflags(write=False)
    return arr
