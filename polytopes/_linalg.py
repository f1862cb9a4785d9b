"""Exact linear algebra on integer rows: rank, nullspace, canonical bases, projections, solves.

Ranks are found fast modulo the prime ``p = 2**31 - 1`` (vectorised int64 elimination) and
made exact: a minor that is non-zero mod p is non-zero over Q, so ``rank_p <= rank_Q``, and
every answer is either bounded above by the caller, verified by an exact product, or
recomputed by fraction-free (Bareiss) elimination on Python integers.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm

import numpy as np

from ._integers import primitive

_P = 2**31 - 1
_INT64_SAFE = 2**62


def _as_object(rows, width: int) -> np.ndarray:
    arr = np.asarray(rows, dtype=object)
    return arr.reshape(-1, width) if arr.size else np.zeros((0, width), dtype=object)


def matmul(a, b) -> np.ndarray:
    """Exact integer product ``a @ b``: int64 when no overflow is possible, else Python ints."""
    a, b = np.asarray(a), np.asarray(b)
    if a.size == 0 or b.size == 0:
        return np.zeros((a.shape[0], b.shape[-1]) if a.ndim == 2 and b.ndim == 2 else a.shape[:-1] + b.shape[1:],
                        dtype=np.int64)
    if a.dtype != object and b.dtype != object:
        bound = int(np.abs(a).max()) * int(np.abs(b).max()) * a.shape[-1]
        if bound < _INT64_SAFE:
            return a.astype(np.int64) @ b.astype(np.int64)
    return a.astype(object) @ b.astype(object)


def _pivot_rows_mod_p(rows: np.ndarray) -> list[int]:
    """Indices of rows forming a basis of the row space modulo p (greedy in row order)."""
    if rows.size == 0:
        return []
    m = np.array([[int(v) % _P for v in r] for r in rows], dtype=np.int64) if rows.dtype == object \
        else np.mod(rows.astype(np.int64), _P)
    order = np.arange(m.shape[0])
    pivots: list[int] = []
    r = 0
    for c in range(m.shape[1]):
        nz = np.flatnonzero(m[r:, c])
        if nz.size == 0:
            continue
        k = r + nz[0]
        if k != r:
            m[[r, k]] = m[[k, r]]
            order[[r, k]] = order[[k, r]]
        m[r] = m[r] * pow(int(m[r, c]), _P - 2, _P) % _P
        below = m[r + 1:, c].copy()
        if below.any():
            m[r + 1:] = (m[r + 1:] - np.outer(below, m[r]) % _P) % _P
        pivots.append(int(order[r]))
        r += 1
        if r == m.shape[0]:
            break
    return pivots


def _rank_bareiss(rows: np.ndarray) -> int:
    """Exact rank by fraction-free Gaussian elimination on Python integers."""
    m = rows.astype(object).copy()
    r, prev = 0, 1
    for c in range(m.shape[1]):
        nz = [i for i in range(r, m.shape[0]) if m[i, c] != 0]
        if not nz:
            continue
        if nz[0] != r:
            m[[r, nz[0]]] = m[[nz[0], r]]
        piv = m[r, c]
        m[r + 1:] = (m[r + 1:] * piv - np.outer(m[r + 1:, c], m[r])) // prev
        prev = piv
        r += 1
        if r == m.shape[0]:
            break
    return r


def rank(rows, width: int | None = None, *, upper: int | None = None) -> int:
    """Exact rank of an integer matrix.

    ``upper`` is a bound the caller knows (e.g. ``dim - 1`` for the rays tight at a valid
    inequality); reaching it modulo p then proves the rank without exact elimination.
    """
    arr = np.asarray(rows)
    if width is not None and arr.size == 0:
        return 0
    if arr.size == 0:
        return 0
    rp = len(_pivot_rows_mod_p(arr))
    if rp == min(arr.shape) or (upper is not None and rp >= upper):
        return rp
    return _rank_bareiss(arr)


def _rref_fraction(rows: list[list]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form over Q (small matrices) and its pivot columns."""
    m = [[Fraction(v) for v in r] for r in rows]
    pivots: list[int] = []
    r = 0
    width = len(m[0]) if m else 0
    for c in range(width):
        k = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if k is None:
            continue
        m[r], m[k] = m[k], m[r]
        inv = 1 / m[r][c]
        m[r] = [v * inv for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        pivots.append(c)
        r += 1
        if r == len(m):
            break
    return m[:r], pivots


def _rref_and_null(rows: list[list], width: int) -> tuple[list[list[Fraction]], np.ndarray]:
    """RREF of ``rows`` over Q and a basis (primitive rows) of their nullspace."""
    rref, pivots = _rref_fraction(rows)
    basis = []
    for f in (c for c in range(width) if c not in pivots):
        v = [Fraction(0)] * width
        v[f] = Fraction(1)
        for row, p in zip(rref, pivots):
            v[p] = -row[f]
        basis.append(primitive(v))
    return rref, np.array(basis, dtype=object).reshape(-1, width)


def _exact_rref_and_null(arr: np.ndarray, width: int, pivot_rows: list[int]):
    """Like ``_rref_and_null`` on all of ``arr`` but eliminating only the rows ``pivot_rows``
    independent mod p, verified exactly: if ``arr`` is orthogonal to the computed nullspace,
    the chosen rows span the row space (dimension count) and both results are exact."""
    chosen = arr[pivot_rows]
    rref, null = _rref_and_null(chosen.tolist(), width)
    if null.size and np.any(matmul(arr, null.T)):  # unlucky prime: eliminate everything
        rref, null = _rref_and_null(arr.tolist(), width)
    return rref, null


def _primitive_rows(rows, width: int) -> np.ndarray:
    return np.array([primitive(r) for r in rows], dtype=object).reshape(-1, width)


def nullspace(rows, width: int) -> np.ndarray:
    """Canonical basis (RREF, primitive rows) of ``{x : rows @ x = 0}``, exactly."""
    arr = _as_object(rows, width)
    if arr.size == 0:
        return np.eye(width, dtype=object)
    pivot_rows = _pivot_rows_mod_p(arr)
    if len(pivot_rows) == width:  # full rank mod p, hence over Q
        return np.zeros((0, width), dtype=object)
    null = _exact_rref_and_null(arr, width, pivot_rows)[1]
    if null.size == 0:
        return null
    return _primitive_rows(_rref_fraction(null.tolist())[0], width)


def projector(basis, width: int) -> np.ndarray | None:
    """Integer matrix proportional (positive factor) to the orthogonal projection onto the
    complement of ``span(basis)``: ``D (I - B^T (B B^T)^{-1} B)``; ``None`` if ``basis`` is empty."""
    b = _as_object(basis, width)
    if b.size == 0:
        return None
    k = b.shape[0]
    gram = (b @ b.T).tolist()
    aug, _ = _rref_fraction([gram[i] + [int(i == j) for j in range(k)] for i in range(k)])
    inv = np.array([row[k:] for row in aug], dtype=object)
    proj = np.eye(width, dtype=object) * Fraction(1) - b.T @ inv @ b
    den = lcm(*(Fraction(v).denominator for v in proj.flat))
    return np.array([[int(Fraction(v) * den) for v in r] for r in proj], dtype=object)


def project_rows(rows, proj: np.ndarray | None, width: int) -> list[tuple[int, ...]]:
    """Primitive images of integer ``rows`` under ``proj`` (zero rows dropped)."""
    arr = _as_object(rows, width)
    if proj is not None and arr.size:
        arr = arr @ proj.T
    out = []
    for r in arr.tolist():
        g = gcd(*r)
        if g:
            out.append(tuple(v // g for v in r))
    return out


def solve(columns, target) -> list[Fraction] | None:
    """One exact solution ``w`` of ``columns.T @ w = target`` (``columns`` given as rows), or None."""
    cols = [list(r) for r in columns]
    width = len(target)
    if not cols:
        return [] if not any(target) else None
    system = [[Fraction(cols[j][i]) for j in range(len(cols))] + [Fraction(target[i])] for i in range(width)]
    rref, pivots = _rref_fraction(system)
    if pivots and pivots[-1] == len(cols):
        return None
    w = [Fraction(0)] * len(cols)
    for row, p in zip(rref, pivots):
        w[p] = row[-1]
    return w
