"""Exact integer kernels of the orbit-wise enumeration: ranks (cdd's GMP arithmetic), products
that cannot overflow, primitive rows, and a rank modulo a prime that grows row by row."""

from __future__ import annotations

import cdd.gmp as gmp
import numpy as np

from ._integers import primitive

_PRIME = 2_147_483_647  # 2**31 - 1: products of two residues fit in int64
_SAFE = 2**62


def _rank(rows: np.ndarray) -> int:
    """Exact rank of an integer matrix (cdd's GMP arithmetic)."""
    if not len(rows) or not rows.any():
        return 0
    return gmp.matrix_rank(gmp.matrix_from_array(rows.tolist()))[2]


def _dot(M: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Exact integer product; int64 when it cannot overflow, Python integers otherwise."""
    if M.size == 0 or X.size == 0:
        return M.astype(np.int64) @ X.astype(np.int64)
    bound = int(np.abs(M).max()) * int(np.abs(X).max()) * M.shape[-1]
    if bound < _SAFE:
        return M @ X
    return M.astype(object) @ X.astype(object)


def _primitive_rows(rows: np.ndarray) -> np.ndarray:
    """Divide every integer row by the gcd of its entries (object rows back to int64)."""
    if rows.dtype == object:
        out = [primitive(r) for r in rows.tolist()]
        if max((abs(v) for r in out for v in r), default=0) >= _SAFE:
            raise OverflowError("a ray or facet has entries beyond the int64 range")
        return np.array(out, dtype=np.int64).reshape(rows.shape)
    g = np.gcd.reduce(np.abs(rows), axis=1)
    g[g == 0] = 1
    return rows // g[:, None]


class _RankModP:
    """Rank of a growing set of integer rows modulo a prime: a lower bound on the rational rank."""

    def __init__(self, d: int):
        self.basis = np.zeros((0, d), dtype=np.int64)

    @property
    def rank(self) -> int:
        return len(self.basis)

    def add(self, rows: np.ndarray) -> int:
        M = np.vstack([self.basis, np.asarray(rows, dtype=object) % _PRIME]).astype(np.int64)
        rank = 0
        for c in range(M.shape[1]):
            nz = np.nonzero(M[rank:, c])[0]
            if not len(nz):
                continue
            p = rank + nz[0]
            M[[rank, p]] = M[[p, rank]]
            M[rank] = M[rank] * pow(int(M[rank, c]), _PRIME - 2, _PRIME) % _PRIME
            others = np.nonzero(M[:, c])[0]
            others = others[others != rank]
            M[others] = (M[others] - M[others, c][:, None] * M[rank]) % _PRIME
            rank += 1
            if rank == len(M):
                break
        self.basis = M[:rank]
        return rank
