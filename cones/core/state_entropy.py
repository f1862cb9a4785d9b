"""Entropies of numerical states and distributions (floating point, by design).

* a pure state vector ``psi`` on subsystems of dimensions ``dims``: the spectrum of the
  reduced state on ``X`` is the squared singular values of ``psi`` reshaped to ``(X, X^c)``;
* a density matrix ``rho``: partial traces, then ``numpy.linalg.eigvalsh``;
* a joint distribution ``P`` (one array axis per variable): marginals by summation.

Von Neumann / Shannon entropy ``-sum p log p`` (``alpha = 1``) or Rényi
``S_alpha = log(sum p^alpha) / (1 - alpha)`` (``alpha = 0``: log rank; ``alpha = inf``:
``-log max p``), in bits by default (``base``).  Eigenvalues below ``1e-12`` count as zero.
These values are floats: they can *search* for violations, while exact claims about
stabilizer and graph states go through :mod:`cones.stabilizer` (integers, units of log p).

Parties: ``parties[i]`` lists the subsystems party ``i`` holds (default: one party per
subsystem); subsystems held by nobody form the purifier ``O``.  The vector is in the pure
space of ``len(parties)`` parties, cardinality-then-lexicographic order.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from cones.space import EntropySpace

_ZERO = 1e-12


def spectrum_entropy(p, alpha: float = 1.0, base: float = 2.0) -> float:
    """Rényi-``alpha`` entropy of a probability vector (von Neumann / Shannon at ``alpha = 1``).

    >>> spectrum_entropy([0.5, 0.5]), spectrum_entropy([1.0, 0.0]), round(spectrum_entropy([0.5, 0.25, 0.25], alpha=2), 9)
    (1.0, 0.0, 1.415037499)
    """
    p = np.clip(np.asarray(p, dtype=float).ravel(), 0.0, None)
    total = p.sum()
    if not total > 0:
        raise ValueError("a probability vector needs positive total weight")
    p = p[p > _ZERO * total] / total
    if alpha < 0 or not (alpha == alpha):
        raise ValueError(f"the Rényi order must be >= 0, got {alpha}")
    if alpha == 1:
        value = -float(np.sum(p * np.log(p)))
    elif math.isinf(alpha):
        value = -math.log(float(p.max()))
    elif alpha == 0:
        value = math.log(len(p))
    else:
        value = math.log(float(np.sum(p**alpha))) / (1 - alpha)
    return value / math.log(base) if value > 0 else 0.0


def _check_dims(dims, size: int, square: bool) -> tuple[int, ...]:
    if dims is None:
        raise ValueError("give the local dimensions, e.g. dims=(2, 2, 2)")
    dims = tuple(int(d) for d in dims)
    if not dims or any(d < 1 for d in dims):
        raise ValueError(f"local dimensions must be positive integers, got {dims}")
    total = math.prod(dims)
    if total != size:
        what = "rows of the density matrix" if square else "amplitudes"
        raise ValueError(f"dims {dims} give dimension {total}, but the state has {size} {what}")
    return dims


def _check_parties(parties, m: int) -> tuple[tuple[int, ...], ...]:
    if parties is None:
        return tuple((i,) for i in range(m))
    out, seen = [], set()
    for i, party in enumerate(parties):
        group = tuple(int(q) for q in party)
        if not group or any(not 0 <= q < m or q in seen for q in group):
            raise ValueError(f"party {i} must be a non-empty set of distinct subsystems in range({m}), got {party!r}")
        seen.update(group)
        out.append(group)
    if not out:
        raise ValueError("at least one party is needed")
    return tuple(out)


def _subsets(parties, space: EntropySpace) -> list[list[int]]:
    return [sorted(q for i, group in enumerate(parties) if mask >> i & 1 for q in group) for mask in space.masks]


def _pure_spectrum(psi: np.ndarray, dims: tuple[int, ...], keep: list[int]) -> np.ndarray:
    rest = [q for q in range(len(dims)) if q not in keep]
    tensor = psi.reshape(dims).transpose(keep + rest)
    matrix = tensor.reshape(math.prod(dims[q] for q in keep), -1)
    return np.linalg.svd(matrix, compute_uv=False) ** 2


def _mixed_spectrum(rho: np.ndarray, dims: tuple[int, ...], keep: list[int]) -> np.ndarray:
    m = len(dims)
    tensor = rho.reshape(dims + dims)
    rest = [q for q in range(m) if q not in keep]
    order = keep + rest + [m + q for q in keep] + [m + q for q in rest]
    tensor = tensor.transpose(order)
    k, r = math.prod(dims[q] for q in keep), math.prod(dims[q] for q in rest)
    reduced = np.trace(tensor.reshape(k, r, k, r), axis1=1, axis2=3)
    return np.linalg.eigvalsh((reduced + reduced.conj().T) / 2)


def state_entropy_vector(state, dims: Sequence[int] | None = None, *, parties=None, alpha: float = 1.0,
                         base: float = 2.0) -> np.ndarray:
    """Float entropy vector of a state vector (1-d) or density matrix (2-d) on ``dims``.

    >>> ghz = np.zeros(8); ghz[0] = ghz[7] = 2 ** -0.5
    >>> state_entropy_vector(ghz, (2, 2, 2)).round(12).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0]
    """
    a = np.asarray(state, dtype=complex)
    if a.ndim == 1:
        dims = _check_dims(dims, a.size, False)
        norm = np.linalg.norm(a)
        if not norm > 0:
            raise ValueError("the state vector is zero")
        a, spectrum = a / norm, _pure_spectrum
    elif a.ndim == 2 and a.shape[0] == a.shape[1]:
        dims = _check_dims(dims, a.shape[0], True)
        if not np.allclose(a, a.conj().T, atol=1e-9):
            raise ValueError("the density matrix is not Hermitian")
        trace = np.trace(a).real
        if not trace > 0 or np.linalg.eigvalsh(a).min() < -1e-9 * trace:
            raise ValueError("the density matrix is not positive semi-definite with positive trace")
        a, spectrum = a / trace, _mixed_spectrum
    else:
        raise ValueError(f"a state is a vector or a square density matrix, got shape {a.shape}")
    parties = _check_parties(parties, len(dims))
    space = EntropySpace(len(parties))
    return np.array([spectrum_entropy(spectrum(a, dims, keep), alpha, base) if keep else 0.0
                     for keep in _subsets(parties, space)])


def distribution_entropy_vector(distribution, *, parties=None, alpha: float = 1.0, base: float = 2.0) -> np.ndarray:
    """Float Shannon (Rényi) entropy vector of a joint distribution, one array axis per variable
    (classical space: no purifier).

    >>> distribution_entropy_vector(np.full((2, 2), 0.25)).tolist()
    [1.0, 1.0, 2.0]
    """
    p = np.asarray(distribution, dtype=float)
    if p.ndim < 1 or p.size == 0:
        raise ValueError("a joint distribution is an array with one axis per variable")
    if np.any(p < 0) or not p.sum() > 0 or not np.all(np.isfinite(p)):
        raise ValueError("a joint distribution has finite non-negative entries and positive total")
    parties = _check_parties(parties, p.ndim)
    space = EntropySpace(len(parties), pure=False)
    out = []
    for keep in _subsets(parties, space):
        rest = tuple(q for q in range(p.ndim) if q not in keep)
        out.append(spectrum_entropy(p.sum(axis=rest) if rest else p, alpha, base))
    return np.array(out)


def haar_random_state(dims: Sequence[int], rng: np.random.Generator | None = None) -> np.ndarray:
    """A Haar-random pure state on ``dims`` (normalised complex Gaussian vector)."""
    rng = rng if rng is not None else np.random.default_rng()
    d = math.prod(int(x) for x in dims)
    v = rng.normal(size=d) + 1j * rng.normal(size=d)
    return v / np.linalg.norm(v)
