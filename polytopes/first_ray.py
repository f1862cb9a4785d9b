"""A first extreme ray of a pointed cone ``{x : A x >= 0, E x = 0}``: an exact LP (cdd's GMP
simplex) on the section ``c . x = 1`` with ``c`` the sum of the rows of ``A``, pushed to an
extreme ray by exact ratio tests if needed; random walks on the section give more first rays,
less degenerate than the LP optimum (step 1 of :mod:`polytopes.adjacency`)."""

from __future__ import annotations

from fractions import Fraction

import cdd
import cdd.gmp as gmp
import numpy as np
from threadpoolctl import threadpool_limits

from ._exact_kernels import _RankModP, _dot, _rank
from ._integers import primitive
from ._linalg import nullspace


def _first_ray(A: np.ndarray, E: np.ndarray) -> np.ndarray | None:
    """An extreme ray of the pointed cone: an exact optimal vertex of a generic LP on the
    section ``c . x = 1`` (``c`` = sum of the rows of ``A``), made extreme by ratio tests;
    ``None`` when the section is empty, i.e. the cone is the origin."""
    d = A.shape[1]
    c = A.sum(axis=0)
    weights = np.random.default_rng(20240917).integers(1, 1 << 20, size=d)
    rows = [[0, *a] for a in A.tolist()]
    rows += [[0, *e] for e in E.tolist()] + [[0, *(-v for v in e)] for e in E.tolist()]
    rows += [[1, *(-v for v in c.tolist())], [-1, *c.tolist()], [0, *weights.tolist()]]
    lp = gmp.linprog_from_array(rows, cdd.LPObjType.MAX)
    gmp.linprog_solve(lp)
    if lp.status == cdd.LPStatusType.INCONSISTENT:
        return None
    if lp.status != cdd.LPStatusType.OPTIMAL:
        raise ValueError(f"the cone has no extreme ray (the section LP ended with status {lp.status.name})")
    x = np.array(primitive(lp.primal_solution), dtype=object)
    return _make_extreme(A, E, x)


def _walked_rays(A: np.ndarray, E: np.ndarray, count: int, seed: int) -> list[np.ndarray]:
    """Extreme rays reached by random walks from an interior point (LP optima land on the most
    degenerate rays; walks also reach less degenerate ones, which are cheaper to expand).

    The walk runs in floating point and only proposes a tight set; a ray is returned only if
    the exact null space of that tight set is one-dimensional and satisfies every inequality."""
    # One BLAS thread: the walks do many tiny SVDs, which multi-threaded BLAS makes ~10x
    # slower on a busy or small machine and which oversubscribe the cores of pool workers.
    with threadpool_limits(limits=1):
        return _walks(A, E, count, seed)


def _walks(A: np.ndarray, E: np.ndarray, count: int, seed: int) -> list[np.ndarray]:
    from scipy.linalg import null_space
    from scipy.optimize import linprog

    d = A.shape[1]
    Af, Ef = A.astype(float), E.astype(float)
    # max t  s.t.  A x >= t, E x = 0, -1 <= x <= 1
    lp = linprog(
        np.r_[np.zeros(d), -1.0], A_ub=np.c_[-Af, np.ones(len(A))], b_ub=np.zeros(len(A)),
        A_eq=np.c_[Ef, np.zeros(len(E))] if len(E) else None, b_eq=np.zeros(len(E)) if len(E) else None,
        bounds=[(-1, 1)] * d + [(0, 1)], method="highs",
    )
    if lp.status != 0 or lp.x[-1] <= 1e-9:
        return []
    start, rng, found = lp.x[:d], np.random.default_rng(seed), []
    scale = np.abs(Af).sum(axis=1)
    for _ in range(count):
        x, tight = start.copy(), np.zeros(len(A), dtype=bool)
        while True:
            N = null_space(np.vstack([Af[tight], Ef])) if tight.any() or len(E) else np.eye(d)
            if N.shape[1] <= 1:
                break
            y = N @ rng.standard_normal(N.shape[1])
            slack, rate = Af @ x, Af @ y
            if not (rate < -1e-12 * scale).any():
                y, rate = -y, -rate
            blocking = (rate < -1e-12 * scale) & ~tight
            if not blocking.any():
                break
            x = x + (slack[blocking] / -rate[blocking]).min() * y
            x /= np.abs(x).max()
            tight = np.abs(Af @ x) <= 1e-9 * scale
        ray = _exact_ray(A, E, A[tight], N[:, 0] if N.shape[1] == 1 else None)
        if ray is not None:
            found.append(ray)
    return found


def _exact_ray(A: np.ndarray, E: np.ndarray, tight: np.ndarray, guess=None) -> np.ndarray | None:
    """The extreme ray whose tight inequalities include ``tight``, if that is one (exact).

    ``guess``, a floating-point null vector, is rounded to small integers first; it is kept
    only if the tight system annihilates it exactly and has rank ``d - 1`` modulo a prime
    (then also over Q, as the rank mod p never exceeds it and a non-zero null vector exists)."""
    system = np.vstack([tight, E])
    ray = _rounded_null_vector(system, guess) if guess is not None else None
    if ray is None:
        if _rank(system) != A.shape[1] - 1:
            return None
        basis = sorted(gmp.matrix_rank(gmp.matrix_from_array(system.tolist()))[0])
        null = nullspace(system[basis], A.shape[1])
        ray = np.array(primitive(null[0]), dtype=np.int64)
    slack = _dot(A, ray)
    if (slack <= 0).all():
        ray, slack = -ray, -slack
    return ray if (slack >= 0).all() else None


def _rounded_null_vector(system: np.ndarray, guess: np.ndarray) -> np.ndarray | None:
    """A primitive integer multiple of ``guess`` (entries up to 10**6) that ``system`` of rank
    ``d - 1`` annihilates exactly, or ``None``."""
    scale = np.abs(guess)[np.abs(guess) > 1e-9 * np.abs(guess).max()].min()
    ratios = [Fraction(float(v)).limit_denominator(1000) for v in guess / scale]
    ray = np.array(primitive(ratios), dtype=object)
    if not ray.any() or np.abs(ray).max() >= 10**6:
        return None
    ray = ray.astype(np.int64)
    if _dot(system, ray).any() or _RankModP(system.shape[1]).add(system) != system.shape[1] - 1:
        return None
    return ray


def _make_extreme(A: np.ndarray, E: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Move a non-zero point of the pointed cone to an extreme ray: while the tight system has
    a null space beyond ``x``, walk along a null direction until a new inequality is tight."""
    d = A.shape[1]
    Ao = A.astype(object)
    while True:
        slack = Ao @ x
        tight = A[np.array([v == 0 for v in slack], dtype=bool)]
        null = nullspace(np.vstack([tight, E]), d)
        if len(null) <= 1:
            return np.array(primitive(x.tolist()), dtype=np.int64)
        y = next(np.array(v, dtype=object) for v in null if _not_parallel(v, x))
        for direction in (y, -y):
            rate = Ao @ direction
            blocking = [(Fraction(slack[i]) / -Fraction(rate[i]), i) for i in range(len(A)) if rate[i] < 0]
            if blocking:
                t = min(blocking)[0]
                x = np.array(primitive((x + t * direction).tolist()), dtype=object)
                break
        else:  # pragma: no cover - impossible for a pointed cone
            raise ValueError("the cone contains a line; it is not pointed")


def _not_parallel(y, x) -> bool:
    """Whether ``y`` is not a multiple of ``x``."""
    nz = next(i for i, v in enumerate(x) if v != 0)
    f = Fraction(y[nz]) / Fraction(x[nz])
    return any(Fraction(a) != f * Fraction(b) for a, b in zip(y, x))
