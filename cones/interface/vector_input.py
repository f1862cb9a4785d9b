"""Entropy vectors typed by a user: ``"1,1,1,2,2,2,2"``, ``"[1, 1, 1/2]"`` or ``"A=1, B=1, AB=2"``.

Entries are exact rationals (``3``, ``-1/2``, ``0.25``); decimals are read exactly as the
rational they spell.  A named form gives ``subset=value`` pairs, missing subsets are 0.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction

from cones.space import EntropySpace

_NAMED = re.compile(r"^\s*(?:S\s*\(\s*([^)]*?)\s*\)|([A-Za-z]+))\s*=\s*(\S+?)\s*$")


def _number(text: str, where: str) -> Fraction:
    text = text.strip()
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{where}: {text!r} is not a number (use integers, fractions like 1/2 or decimals)") from None
    return value


def parse_vector(text: str, space: EntropySpace) -> list[Fraction]:
    """The exact entropy vector written in ``text`` (ValueError naming the problem).

    >>> parse_vector("1, 1, 1/2", EntropySpace(2))
    [Fraction(1, 1), Fraction(1, 1), Fraction(1, 2)]
    >>> parse_vector("A=1, S(AB)=2", EntropySpace(2))
    [Fraction(1, 1), Fraction(0, 1), Fraction(2, 1)]
    """
    if not isinstance(text, str):
        raise TypeError(f"a vector is given as text, got {type(text).__name__}")
    body = text.strip()
    if not body:
        raise ValueError("empty vector")
    if body.startswith("["):
        try:
            items = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ValueError(f"vector {body!r:.60}: not a JSON list ({exc.msg})") from None
        if not isinstance(items, list) or not all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in items):
            raise ValueError("a JSON vector is a list of integers or rational strings")
        return space.check_vector([_number(str(v), f"entry {i + 1}") for i, v in enumerate(items)])
    parts = [p for p in re.split(r"[,\s;]+" if "=" not in body else r"[,;]+", body) if p.strip()]
    if "=" in body:
        named = {}
        for part in parts:
            match = _NAMED.match(part)
            if not match:
                raise ValueError(f"{part.strip()!r} is not of the form SUBSET=VALUE (e.g. AB=2)")
            subset = match.group(1) if match.group(1) is not None else match.group(2)
            named[subset] = _number(match.group(3), f"S({subset})")
        return space.check_vector(named)
    return space.check_vector([_number(p, f"entry {i + 1}") for i, p in enumerate(parts)])
