"""Named families of entropy inequalities, as generators of :class:`Inequality` instances.

Every family yields its distinct instances in a space.  The *argument slots* of a family
(the ``X, Y, ...`` of ``I(X:Y|Z)``) range over disjoint non-empty subsets of the parties —
the ``n+1`` purified parties (with ``O``) in a pure space, the ``n`` parties in a classical
one; ``elemental=True`` restricts them to single parties (conditioning sets stay arbitrary).
``representatives=True`` yields one instance per orbit of the space's group (the canonical,
lexicographically smallest row).  Instances whose row vanishes (e.g. ``I3`` of a partition of
all ``n+1`` purified parties) are skipped.

Definitions (``I`` as in :mod:`cones.expressions`):

* elemental Shannon (Yeung): ``S(N) >= S(N - i)`` and ``I(i:j|K) >= 0`` (classical);
* monotonicity: ``S(XY) >= S(X)``, ``X`` possibly empty (classical; elemental: ``S(N) >= S(N - i)``);
* SA: ``I(X:Y) >= 0``;  AL (Araki–Lieb): ``S(XY) + S(Y) >= S(X)``;
* SSA: ``I(X:Y|Z) >= 0``;  WM: ``S(XY) + S(YZ) >= S(X) + S(Z)`` with ``Y`` non-empty;
* MMI: ``-I3(X:Y:Z) >= 0``;
* Ingleton: ``I(A:B|C) + I(A:B|D) + I(C:D) - I(A:B) >= 0`` on the ``n`` parties (classical form,
  any space) or on the ``n+1`` purified parties (purified form, pure spaces).
"""

from __future__ import annotations

from itertools import permutations, product
from typing import Callable, Iterable, Iterator

import numpy as np

from polytopes import canonical_rows

from cones.expressions import Inequality, information_row
from cones.space import EntropySpace


def _parties(space: EntropySpace, purified: bool) -> int:
    return space.parties if purified else space.n


def _slots(m: int, k: int, elemental: bool, condition: bool = False) -> Iterator[tuple[tuple[int, ...], int]]:
    """``(args, given)``: k disjoint non-empty argument masks over ``m`` parties and, if
    ``condition``, a disjoint (possibly empty) conditioning mask."""
    if elemental:
        for args in permutations(range(m), k):
            used = sum(1 << a for a in args)
            rest = [p for p in range(m) if not used >> p & 1]
            givens = [sum(1 << p for p, b in zip(rest, bits) if b) for bits in product((0, 1), repeat=len(rest))] if condition else [0]
            for given in givens:
                yield tuple(1 << a for a in args), given
        return
    for labels in product(range(k + 2 if condition else k + 1), repeat=m):
        masks = [0] * (k + 2)
        for p, slot in enumerate(labels):
            masks[slot] |= 1 << p
        args = tuple(masks[:k])
        if all(args):
            yield args, masks[k + 1] if condition else 0


def _emit(space: EntropySpace, rows: Iterable[list[int]], representatives: bool) -> Iterator[Inequality]:
    seen = set()
    for row in rows:
        if not any(row):
            continue
        inequality = Inequality(space, row)
        key = tuple(space.group.canonical(inequality.coefficients).tolist()) if representatives else inequality.row
        if key not in seen:
            seen.add(key)
            yield Inequality(space, key) if representatives else inequality


def _classical_only(space: EntropySpace, name: str, instead: str):
    if space.pure:
        raise ValueError(f"{name} is a classical family and fails for quantum states; {instead}")


def elemental_shannon(space: EntropySpace, *, representatives: bool = False) -> Iterator[Inequality]:
    """Yeung's elemental inequalities: ``S(N) >= S(N - i)`` and ``I(i:j|K) >= 0``, ``K`` in ``N - {i, j}``."""
    _classical_only(space, "elemental Shannon", "use ssa() for the quantum outer bound")
    full = (1 << space.n) - 1

    def rows():
        for i in range(space.n):
            yield information_row(space, [1 << i], full ^ (1 << i))
        for (x, y), given in _slots(space.n, 2, True, condition=True):
            if x < y:
                yield information_row(space, [x, y], given)

    return _emit(space, rows(), representatives)


def monotonicity(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """``S(XY) >= S(X)`` for disjoint ``Y`` non-empty, ``X`` possibly empty (elemental: ``S(N) >= S(N - i)``)."""
    _classical_only(space, "monotonicity", "use wm() (weak monotonicity)")
    full = (1 << space.n) - 1
    if elemental:
        pairs = ((1 << i, full ^ (1 << i)) for i in range(space.n))
    else:
        pairs = _slots(space.n, 1, False, condition=True)
        pairs = ((args[0], given) for args, given in pairs)
    return _emit(space, (information_row(space, [y], x) for y, x in pairs), representatives)


def sa(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Subadditivity ``I(X:Y) = S(X) + S(Y) - S(XY) >= 0``."""
    m = _parties(space, True)
    return _emit(space, (information_row(space, list(a)) for a, _ in _slots(m, 2, elemental)), representatives)


def al(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Araki–Lieb ``S(XY) + S(Y) - S(X) >= 0``."""

    def row(x, y):
        out = information_row(space, [x | y])
        for k, v in enumerate(information_row(space, [y])):
            out[k] += v
        for k, v in enumerate(information_row(space, [x])):
            out[k] -= v
        return out

    m = _parties(space, True)
    return _emit(space, (row(*a) for a, _ in _slots(m, 2, elemental)), representatives)


def ssa(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Strong subadditivity ``I(X:Y|Z) >= 0`` (elemental: ``I(i:j|K)``)."""
    m = _parties(space, True)
    slots = _slots(m, 2, elemental, condition=True)
    return _emit(space, (information_row(space, list(a), given) for a, given in slots), representatives)


def wm(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Weak monotonicity ``S(XY) + S(YZ) - S(X) - S(Z) >= 0``, ``Y`` non-empty (elemental: ``X, Z`` single parties)."""

    def rows():
        for (x, z), y in _slots(_parties(space, True), 2, elemental, condition=True):
            if y:
                out = information_row(space, [x | y])
                for part, sign in ((z | y, 1), (x, -1), (z, -1)):
                    for k, v in enumerate(information_row(space, [part])):
                        out[k] += sign * v
                yield out

    return _emit(space, rows(), representatives)


def mmi(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Monogamy of mutual information ``-I3(X:Y:Z) >= 0``."""
    m = _parties(space, True)
    rows = ([-v for v in information_row(space, list(a))] for a, _ in _slots(m, 3, elemental))
    return _emit(space, rows, representatives)


def _ingleton_rows(space: EntropySpace, m: int, elemental: bool):
    for a, b, c, d in (args for args, _ in _slots(m, 4, elemental)):
        terms = ((information_row(space, [a, b], c), 1), (information_row(space, [a, b], d), 1),
                 (information_row(space, [c, d]), 1), (information_row(space, [a, b]), -1))
        yield [sum(sign * row[k] for row, sign in terms) for k in range(space.dim)]


def ingleton(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Ingleton ``I(A:B|C) + I(A:B|D) + I(C:D) - I(A:B) >= 0`` on the ``n`` parties (classical form)."""
    return _emit(space, _ingleton_rows(space, space.n, elemental), representatives)


def purified_ingleton(space: EntropySpace, *, elemental: bool = False, representatives: bool = False) -> Iterator[Inequality]:
    """Ingleton with arguments among the ``n+1`` purified parties (pure spaces)."""
    if not space.pure:
        raise ValueError("the purified Ingleton family needs a pure space (EntropySpace(n, pure=True))")
    return _emit(space, _ingleton_rows(space, space.parties, elemental), representatives)


FAMILIES: dict[str, Callable[..., Iterator[Inequality]]] = {
    "elemental-shannon": elemental_shannon,
    "monotonicity": monotonicity,
    "sa": sa,
    "al": al,
    "ssa": ssa,
    "wm": wm,
    "mmi": mmi,
    "ingleton": ingleton,
    "purified-ingleton": purified_ingleton,
}


def family(name: str, space: EntropySpace, **options) -> Iterator[Inequality]:
    """Instances of a named family (see :data:`FAMILIES`)."""
    try:
        generate = FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown inequality family {name!r}; known: {', '.join(FAMILIES)}") from None
    return generate(space, **options)


def rows_of(inequalities: Iterable[Inequality], width: int | None = None) -> np.ndarray:
    """Canonical int64 rows of some inequalities (``width`` needed when there may be none)."""
    rows = [q.row for q in inequalities]
    if width is None:
        if not rows:
            raise ValueError("no inequalities and no width given")
        width = len(rows[0])
    return canonical_rows(rows, width)
