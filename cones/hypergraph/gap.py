"""Hypergraph inequalities that separate a given entropy vector (the stabilizer gap, arXiv:2006.16292).

Given a vector ``x`` (e.g. of a six-qubit graph state), find an inequality that ``x`` violates and
prove it valid on all hypergraphs by set-contraction; nothing is typed in:

1. the inner bound: entropy vectors of random small hypergraphs, kept as canonical orbit
   representatives under ``S_{n+1}``;
2. a facet of that inner bound violated by ``x``: :func:`polytopes.lp.separating_inequality`
   on a working set of rays, grown by cutting planes (every image ``g . r`` of every
   representative is checked exactly; violated ones join the working set);
3. the facet is tried against more hypergraphs (random ones and a local search lowering
   ``a . S``); a violating hypergraph joins the inner bound and step 2 repeats;
4. otherwise it goes to the set-contraction prover (:mod:`cones.hypergraph.set_contraction`).

Different facets are reached by tilting ``x`` with small random multiples of inner rays.
:func:`small_separating_inequality` replaces step 2 by a MILP for the separating inequality
with the least ``sum |a_i|`` (LP facets tend to have huge coefficients).

:func:`find_small_separating_inequality` runs the loop with it (a candidate neither proved nor
refuted is excluded from later MILPs by no-good constraints); for the six-qubit graph state
with edges AC, AD, AO, BC, BD, BE it ends with an inequality proved by set-contraction
(tests/test_hypergraph_cone.py, about a minute: the MILP is warm-started across rounds and
attempts; before that it took about 10 minutes).  The bounds of
HC_5 reachable in a time budget, and their gap, are :func:`cones.hypergraph.bounds.hypergraph_bounds_gap`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from scipy.optimize import linprog

from polytopes import matmul, nullspace

from cones.holographic.contraction import Proved
from cones.hypergraph.hypergraphs import all_hyperedges, hypergraph_entropy_vectors
from cones.hypergraph.set_contraction import prove_by_set_contraction
from cones.space import EntropySpace


# Size limits of the set-contraction search: the cube has 3^L faces, and the map's outputs
# (right-hand terms written with unit weights) are bit-packed into int64.
MAX_LHS_TERMS = 14
MAX_RHS_TERMS = 60


@dataclass
class GapSearch:
    """The outcome: ``inequality`` (canonical row) with its set-contraction ``certificate``, or
    ``None``; ``inner`` the inner-bound representatives used; ``log`` one line per step."""

    vector: tuple[int, ...]
    inequality: tuple[int, ...] | None = None
    certificate: object = None
    inner: np.ndarray | None = None
    log: list[str] = field(default_factory=list)
    unproved: list[tuple[int, ...]] = field(default_factory=list)


def random_hypergraph_rays(n: int, *, samples: int = 6000, max_bulk: int = 2, seed: int = 0) -> np.ndarray:
    """Canonical orbit representatives of the entropy vectors of every single boundary
    hyperedge, every pair and ``samples`` random triples of hyperedges with one bulk vertex,
    and ``samples`` random unit-weight hypergraphs per ``1..max_bulk`` bulk vertices."""
    space = EntropySpace(n)
    rng = np.random.default_rng(seed)
    inc = all_hyperedges(n, 1)
    pairs = np.array(list(combinations(range(len(inc)), 2)))
    triples = np.sort(rng.random((samples, len(inc))).argsort(axis=1)[:, :3], axis=1)
    found = []
    for chosen in (pairs, triples):
        weights = np.zeros((len(chosen), len(inc)), dtype=np.int64)
        for j in range(chosen.shape[1]):
            weights[np.arange(len(chosen)), chosen[:, j]] = 1
        found.append(hypergraph_entropy_vectors(inc, weights, n))
    for k in range(max_bulk + 1):
        inc = all_hyperedges(n, k)
        if k == 0:
            weights = np.eye(len(inc), dtype=np.int64)
        else:
            density = rng.uniform(1.0, 5.0, (samples, 1)) / len(inc)
            weights = (rng.random((samples, len(inc))) < density).astype(np.int64)
        found.append(hypergraph_entropy_vectors(inc, weights, n))
    vectors = np.vstack(found)
    vectors = vectors[vectors.any(axis=1)]
    return np.unique(space.group.canonical_rows(vectors), axis=0)


def _violated_images(a: np.ndarray, reps: np.ndarray, group, limit: int | None = None) -> np.ndarray:
    """For each representative with an image ``g . r`` violating ``a``, its most violated image
    (only the ``limit`` most violated representatives if given).  ``(g . r) . a = r . (g^-1 . a)``."""
    a = np.asarray(a, dtype=np.int64)
    if not len(reps):
        return np.zeros((0, len(a)), dtype=np.int64)
    moved = group.pairing_rows(a)
    if np.abs(reps).max() * np.abs(a).max() * len(a) < 2**52:  # float64 is exact: BLAS
        values = np.rint(reps.astype(np.float64) @ moved.T.astype(np.float64)).astype(np.int64)
    else:
        values = reps @ moved.T
    worst = values.argmin(axis=1)
    low = values[np.arange(len(values)), worst]
    bad = np.flatnonzero(low < 0)
    if limit is not None and len(bad) > limit:
        bad = bad[np.argsort(low[bad], kind="stable")[:limit]]
    return reps[bad[:, None], group.elements[worst[bad]]].reshape(-1, reps.shape[1])


def _facet_lp(rays: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """A facet ``a`` of ``cone(rays)`` minimising ``a . target`` over ``{a : rays a >= 0, (sum rays) . a <= 1}``
    (a vertex of that section is an extreme ray of the dual cone, i.e. a facet): HiGHS finds
    the vertex, the exact nullspace of its tight rows gives ``a``, checked in integers."""
    total = rays.sum(axis=0).astype(np.float64)
    lp = linprog(target.astype(np.float64), A_ub=np.vstack([-rays.astype(np.float64), total]),
                 b_ub=np.concatenate([np.zeros(len(rays)), [1.0]]), bounds=(None, None), method="highs-ds")
    if lp.x is None or lp.fun > -1e-9:
        return None
    slack = rays @ lp.x / np.maximum(1.0, np.linalg.norm(rays, axis=1))
    for threshold in (1e-10, 1e-8, 1e-6):
        basis = nullspace(rays[slack <= threshold * max(1.0, np.abs(lp.x).max())], rays.shape[1])
        if len(basis) != 1:
            continue
        a = np.asarray(basis[0], dtype=object)
        a = -a if matmul(rays, a).sum() < 0 else a
        if (matmul(rays, a) >= 0).all() and matmul(target, a) < 0:
            return a.astype(np.int64)
    return None


def separating_facet(reps, x, space: EntropySpace, *, target=None, active=None, max_rounds: int = 100):
    """``(a, active)``: a facet ``a`` of the cone of the orbits of ``reps`` minimising
    ``a . target`` on the LP section (default ``target = x``), or ``None`` unless ``a . x < 0``;
    ``active`` is the working set of rays (pass it back to warm-start the next call)."""
    reps = np.asarray(reps, dtype=np.int64)
    x = np.asarray(x, dtype=np.int64)
    target = x if target is None else np.asarray(target, dtype=np.int64)
    active = reps if active is None else np.unique(np.vstack([active, reps]), axis=0)
    for _ in range(max_rounds):
        a = _facet_lp(active, target)
        if a is None:
            return None, active
        a = np.asarray(a, dtype=np.int64)
        bad = _violated_images(a, reps, space.group)
        if not len(bad):
            return (a if int(a @ x) < 0 else None), active
        active = np.unique(np.vstack([active, bad]), axis=0)
    raise RuntimeError("cutting planes did not converge")


def search_violating_hypergraphs(a, n: int, *, rounds: int = 30, population: int = 2000, max_bulk: int = 3, seed: int = 0) -> np.ndarray:
    """Entropy vectors ``S`` of hypergraphs with ``a . S < 0``: a local search over unit-weight
    hypergraphs with ``max_bulk`` bulk vertices that keeps the lowest ``a . S / sum S`` and
    flips hyperedges at random.  Returns the whole generation in which some vector violates
    ``a`` (all of them are hypergraph vectors, near the hyperplane), or no rows."""
    a = np.asarray(a, dtype=np.int64)
    rng = np.random.default_rng(seed)
    inc = all_hyperedges(n, max_bulk)
    weights = (rng.random((population, len(inc))) < rng.uniform(1, 6, (population, 1)) / len(inc)).astype(np.int64)
    for _ in range(rounds):
        s = hypergraph_entropy_vectors(inc, weights, n)
        values = s @ a
        if (values < 0).any():
            return s[s.any(axis=1)]
        score = values / np.maximum(1, s.sum(axis=1))
        keep = weights[np.argsort(score)[: population // 4]]
        children = np.repeat(keep, 4, axis=0)
        flips = rng.random(children.shape) < 1.5 / len(inc)
        weights = np.where(flips, 1 - children, children)
    return np.zeros((0, len(a)), dtype=np.int64)


def find_separating_inequality(x, space: EntropySpace, *, inner=None, attempts: int = 12, seed: int = 0,
                               refute_rounds: int = 30, progress=print) -> GapSearch:
    """Steps 1-4 of the module docstring; stops at the first inequality proved by set-contraction."""
    x = np.asarray(x, dtype=np.int64)
    result = GapSearch(tuple(int(v) for v in x))
    reps = random_hypergraph_rays(space.n, seed=seed) if inner is None else np.asarray(inner, dtype=np.int64)
    rng = np.random.default_rng(seed)
    say = progress or (lambda *_: None)
    active = None
    for attempt in range(attempts):
        tilt = reps[rng.integers(len(reps), size=3)].sum(axis=0) if attempt else np.zeros_like(x)
        a, active = separating_facet(reps, x, space, target=x * 64 + tilt, active=active)
        if a is None:
            result.log.append(f"attempt {attempt}: no facet separates the vector")
            say(result.log[-1])
            if attempt == 0:
                break
            continue
        a = np.asarray(space.group.canonical(a), dtype=np.int64)
        found = search_violating_hypergraphs(a, space.n, rounds=refute_rounds, seed=seed + attempt)
        if len(found):
            reps = np.unique(np.vstack([reps, space.group.canonical_rows(found)]), axis=0)
            active = np.unique(np.vstack([active, found]), axis=0)
            result.log.append(f"attempt {attempt}: facet refuted by a hypergraph; inner bound now {len(reps)} orbits")
            say(result.log[-1])
            continue
        if int(-a[a < 0].sum()) > MAX_RHS_TERMS or int((a > 0).sum()) > MAX_LHS_TERMS:
            result.log.append(f"attempt {attempt}: facet too large for the set-contraction search "
                              f"({int((a > 0).sum())} left terms, right weight {int(-a[a < 0].sum())})")
            result.unproved.append(tuple(int(v) for v in a))
            say(result.log[-1])
            continue
        proof = prove_by_set_contraction(a, space, counterexample=False)
        result.log.append(f"attempt {attempt}: facet with {int((a > 0).sum())} + {int((a < 0).sum())} terms: {type(proof).__name__}")
        say(result.log[-1])
        if isinstance(proof, Proved):
            result.inequality = tuple(int(v) for v in a)
            result.certificate = proof.certificate
            break
        result.unproved.append(tuple(int(v) for v in a))
    result.inner = reps
    return result



def small_separating_inequality(reps, x, space: EntropySpace, *, bound: int = 3, exclude=(), max_rounds: int = 200,
                                time_limit: float = 120.0) -> np.ndarray | None:
    """An integer ``a`` with entries in ``[-bound, bound]`` and the least ``sum |a_i|`` that is
    valid on the orbits of ``reps``, has ``a . x <= -1`` and is no image of a vector in ``exclude``
    (a MILP, HiGHS), found by cutting planes as in :func:`separating_facet` and checked exactly;
    ``None`` if there is none.  Small inequalities are the likely facets of the true cone, and cheap to prove."""
    return _small_separator(reps, x, space, bound=bound, exclude=exclude, max_rounds=max_rounds, time_limit=time_limit)[0]


def _small_separator(reps, x, space: EntropySpace, *, bound: int, active=None, lower: int = 0, cuts: int = 100,
                     exclude=(), max_rounds: int = 200, time_limit: float = 120.0):
    """``(a, active, lower)`` for :func:`small_separating_inequality`.  The MILP starts from the
    working set ``active`` (default empty) and adds the ``cuts`` most violated images per round;
    ``lower`` is a proved lower bound on ``sum |a_i|`` (optima only grow as rows are added), posed
    as a constraint so HiGHS stops at the first solution reaching it.  Pass both back to warm-start.
    The vectors ``exclude`` (and their images) are cut off by no-good constraints."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, hstack, identity

    reps = np.asarray(reps, dtype=np.int64)
    x = np.asarray(x, dtype=np.int64)
    d = space.dim
    excluded = _separating_images(exclude, x, space)
    k = len(excluded) * 2 * d  # binaries: a_i >= e_i + 1 or a_i <= e_i - 1 for some i, per excluded e
    eye, pad = identity(d), csr_matrix((d, k))
    cost = np.concatenate([np.zeros(d), np.ones(d), np.zeros(k)])
    fixed = [LinearConstraint(hstack([eye, -eye, pad]), -np.inf, 0), LinearConstraint(hstack([-eye, -eye, pad]), -np.inf, 0),
             LinearConstraint(np.concatenate([x, np.zeros(d + k)])[None], -np.inf, -1)]
    if k:
        fixed += _no_good_constraints(excluded, bound)
    upper = np.concatenate([np.full(2 * d, bound), np.ones(k)])
    if k:  # a side that leaves the box is fixed off
        upper[2 * d:] = np.concatenate([(excluded < bound).ravel(), (excluded > -bound).ravel()])
    bounds = Bounds(np.concatenate([np.full(d, -bound), np.zeros(d + k)]), upper)
    integrality = np.concatenate([np.ones(d), np.zeros(d), np.ones(k)])
    active = np.zeros((0, d), dtype=np.int64) if active is None else np.asarray(active, dtype=np.int64)
    for _ in range(max_rounds):
        rows = LinearConstraint(hstack([csr_matrix(active.astype(np.float64)), csr_matrix((len(active), d + k))]), 0, np.inf)
        res = milp(cost, constraints=[rows, *fixed, LinearConstraint(cost[None], lower, np.inf)],
                   integrality=integrality, bounds=bounds, options={"time_limit": time_limit})
        if res.x is None:
            return None, active, lower
        if res.status == 0:  # proved optimal: the bound carries over
            lower = max(lower, int(np.ceil(res.fun - 1e-6)))
        a = np.round(res.x[:d]).astype(np.int64)
        if int(a @ x) >= 0 or (active @ a < 0).any() or any((a == e).all() for e in excluded):
            raise RuntimeError("the MILP answer failed the exact check")
        bad = _violated_images(a, reps, space.group, limit=cuts)
        if not len(bad):
            return a, active, lower
        active = np.unique(np.vstack([active, bad]), axis=0)
    raise RuntimeError("cutting planes did not converge")


def _separating_images(vectors, x, space: EntropySpace) -> np.ndarray:
    """The distinct images ``g . a`` of the ``vectors`` with ``(g . a) . x < 0``."""
    images = space.group.orbit_rows(vectors)
    return images[images @ x < 0]


def _no_good_constraints(excluded: np.ndarray, bound: int) -> list:
    """Rows over ``(a, t, up, down)`` saying ``a != e`` for each excluded ``e``: ``up_{e,i} = 1``
    forces ``a_i >= e_i + 1``, ``down_{e,i} = 1`` forces ``a_i <= e_i - 1``, and one of them is 1."""
    from scipy.optimize import LinearConstraint
    from scipy.sparse import csr_matrix, hstack, identity, kron

    count, d = excluded.shape
    e = excluded.ravel()
    stack = csr_matrix(np.tile(np.eye(d), (count, 1)))  # a_i, once per excluded e
    zeros = csr_matrix((count * d, d))
    blocks = identity(count * d)
    off = csr_matrix((count * d, count * d))
    ups = hstack([stack, zeros, -blocks.multiply((e + 1 + bound)[:, None]), off])
    downs = hstack([stack, zeros, off, blocks.multiply((bound - e + 1)[:, None])])
    ones = kron(identity(count), np.ones((1, d)))
    either = hstack([csr_matrix((count, 2 * d)), ones, ones])
    return [LinearConstraint(ups, -bound, np.inf), LinearConstraint(downs, -np.inf, bound), LinearConstraint(either, 1, np.inf)]


def find_small_separating_inequality(x, space: EntropySpace, *, bound: int = 2, samples: int = 6000, seed: int = 5,
                                     attempts: int = 100, progress=print) -> GapSearch:
    """Like :func:`find_separating_inequality` with :func:`small_separating_inequality` as step 2
    (random hypergraphs, small MILP separator, local-search refutation, set-contraction); a
    candidate neither proved nor refuted is excluded from later MILPs (``unproved``)."""
    x = np.asarray(x, dtype=np.int64)
    say = progress or (lambda *_: None)
    result = GapSearch(tuple(int(v) for v in x))
    reps = random_hypergraph_rays(space.n, samples=samples, seed=seed)
    active, lower = None, 0
    for attempt in range(attempts):
        a, active, lower = _small_separator(reps, x, space, bound=bound, active=active, lower=lower, exclude=result.unproved)
        if a is None:
            result.log.append(f"attempt {attempt}: no separating inequality with entries in [-{bound}, {bound}]")
            say(result.log[-1])
            break
        a = np.asarray(space.group.canonical(a), dtype=np.int64)
        found = search_violating_hypergraphs(a, space.n, rounds=40, population=3000, max_bulk=3, seed=attempt)
        if not len(found):
            proof = prove_by_set_contraction(a, space, counterexample=False)
            result.log.append(f"attempt {attempt}: candidate {tuple(int(v) for v in a)}: {type(proof).__name__}")
            say(result.log[-1])
            if isinstance(proof, Proved):
                result.inequality, result.certificate = tuple(int(v) for v in a), proof.certificate
                break
            result.unproved.append(tuple(int(v) for v in a))
            found = search_violating_hypergraphs(a, space.n, rounds=100, population=4000, max_bulk=4, seed=100 + attempt)
            if not len(found):  # neither proved nor refuted: set it aside
                result.log.append(f"attempt {attempt}: not refuted either; excluded from the next MILPs")
                say(result.log[-1])
                continue
        reps = np.unique(np.vstack([reps, space.group.canonical_rows(found)]), axis=0)
        result.log.append(f"attempt {attempt}: refuted by a hypergraph; inner bound now {len(reps)} orbits")
        say(result.log[-1])
    result.inner = reps
    return result
