"""Proof by contraction: SAT search for cube maps certifying entropy inequalities.

An inequality ``c . S >= 0`` is split into ``sum_l alpha_l S(I_l) >= sum_r beta_r S(J_r)``
(positive coefficients on the left, negative on the right, scaled to integers).  Bao et al.
(arXiv:1505.07839) show it holds for all graph models if some ``f: {0,1}^L -> {0,1}^R``

* meets the boundary conditions ``f(x^(L)) = x^(R)`` for every party and the purifier ``O``
  (``x^(L)_l = [x in I_l]``; the purifier never occurs in the purified subsets, so ``f(0) = 0``),
* and a condition, here by default the weighted Hamming contraction
  ``||f(u) - f(v)||_beta <= ||u - v||_alpha`` on cube edges (:class:`LipschitzCondition`).

The search is generic over the condition (:class:`CubeMapCondition`): the framework owns the
variables ``f_r(x)``, the forced bits and the SAT solver (python-sat); a condition adds clauses
through a vectorised :class:`CubeMapEncoder` (xor indicators, weighted at-most constraints).
Forced bits are propagated before solving: ``||f(x) - f(p)||_beta <= d_alpha(x, p)`` for each
boundary point ``p`` fixes every bit with ``beta_r > d_alpha(x, p)``, and an edge of weight
``alpha_l < beta_r`` can never flip bit ``r``, so ``f_r`` only depends on the inputs ``l`` with
``alpha_l >= beta_r`` (shared variables).

The map is only needed on the labels vertices can carry (``domain="nested"``, default):
choosing every LHS min cut as the *minimal* one, cuts of nested regions nest and cuts of
disjoint regions are disjoint (submodularity and posimodularity of cut functions), so a label
``x`` has ``x_l <= x_m`` when ``I_l`` is strictly inside ``I_m`` and not ``x_l = x_m = 1`` when they
are disjoint.  That set is closed under meets and geodesic in the cube (switch the surplus
bits off in inclusion-minimal order, then the missing ones on in inclusion-maximal order), so
the edge conditions inside it still give the Lipschitz bound between any two labels.  Copies
of an expanded RHS term may be taken sorted (``f_r >= f_s``): sorting never increases changes.

Outcomes: :class:`Proved` (certificate re-checked by :mod:`cones.holographic.contraction_check`),
:class:`NoContraction` (UNSAT: *not* a proof of invalidity) or :class:`Invalid` (a graph whose
entropy vector violates the inequality).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from pysat.solvers import Solver

from polytopes import primitive
from polytopes.executors import map_in_order

from cones.holographic.contraction_check import ContractionCertificate, verify_contraction
from cones.holographic.graphs import Graph, _labellings, entropy_vectors
from cones.space import EntropySpace

MAX_TERMS = 20
_TRUE = 1  # SAT variable 1 is fixed true; -1 is the constant false literal


class _Conflict(Exception):
    """The forced bits already contradict the constraints (no map exists)."""


# -- inequalities -------------------------------------------------------------------------------
def coefficient_vector(inequality, space: EntropySpace | None = None) -> tuple[EntropySpace, tuple[int, ...]]:
    """``(space, primitive integer coefficients)`` of a raw vector or an object with ``.space``/``.coefficients``."""
    if hasattr(inequality, "coefficients") and hasattr(inequality, "space"):
        if space is not None and space != inequality.space:
            raise ValueError(f"inequality lives in {inequality.space}, not {space}")
        space, coefficients = inequality.space, inequality.coefficients
    else:
        coefficients = inequality
    coefficients = list(np.asarray(coefficients, dtype=object).ravel())
    if space is None:
        space = EntropySpace.of_vector(coefficients, "coefficient vector")
    if len(coefficients) != space.dim:
        raise ValueError(f"inequality has {len(coefficients)} coefficients, the {space.n}-party space has {space.dim}")
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in coefficients):
        divisor = np.gcd.reduce(np.abs(np.array(coefficients, dtype=np.int64)))
        row = tuple(int(v) // int(divisor) for v in coefficients) if divisor else tuple(0 for _ in coefficients)
    else:
        row = primitive(coefficients)
    if not any(row):
        raise ValueError("the zero inequality has nothing to prove")
    return space, row


@dataclass(frozen=True)
class CubeMapProblem:
    """``sum alpha_l S(lhs_l) >= sum beta_r S(rhs_r)`` with subset bitmasks and positive integer weights."""

    n: int
    lhs: tuple[int, ...]
    alpha: tuple[int, ...]
    rhs: tuple[int, ...]
    beta: tuple[int, ...]
    domain: str = "nested"

    @classmethod
    def from_inequality(
        cls, inequality, space: EntropySpace | None = None, expand: str = "rhs", domain: str = "nested"
    ) -> "CubeMapProblem":
        """Split ``c . S >= 0``; ``expand`` (``"rhs"``, ``"both"`` or ``"none"``) writes a term of
        weight ``w`` on that side as ``w`` unit terms.

        Expanding the right-hand side gives the map more freedom (copies of a term may map
        differently); expanding the left-hand side never helps (the weighted cube embeds
        isometrically in the expanded one, and boundary points lie on its diagonal), so the
        default keeps left weights.
        """
        if domain not in ("nested", "cube"):
            raise ValueError(f"domain must be 'nested' or 'cube', got {domain!r}")
        if expand not in ("rhs", "both", "none"):
            raise ValueError(f"expand must be 'rhs', 'both' or 'none', got {expand!r}")
        space, c = coefficient_vector(inequality, space)
        masks = [int(m) for m in space.masks]
        lhs = [(m, v) for m, v in zip(masks, c) if v > 0]
        rhs = [(m, -v) for m, v in zip(masks, c) if v < 0]
        if expand == "both":
            lhs = [(m, 1) for m, v in lhs for _ in range(v)]
        if expand != "none":
            rhs = [(m, 1) for m, v in rhs for _ in range(v)]
        if len(lhs) > MAX_TERMS:
            raise ValueError(f"{len(lhs)} left-hand terms: the cube 2^{len(lhs)} is too large (limit {MAX_TERMS})")
        unzip = lambda terms: (tuple(t[0] for t in terms), tuple(t[1] for t in terms))  # noqa: E731
        return cls(space.n, *unzip(lhs), *unzip(rhs), domain)

    @property
    def L(self) -> int:
        return len(self.lhs)

    @property
    def R(self) -> int:
        return len(self.rhs)

    @cached_property
    def boundary_points(self) -> list[tuple[int, int]]:
        """``(x^(L), x^(R))`` as bit-packed integers for the parties and then the purifier."""
        return [
            (sum(1 << l for l, m in enumerate(self.lhs) if m >> p & 1), sum(1 << r for r, m in enumerate(self.rhs) if m >> p & 1))
            for p in range(self.n + 1)
        ]

    @cached_property
    def in_domain(self) -> np.ndarray:
        """Bool per cube point: may it label a vertex (see the module docstring)?

        ``"nested"``: ``x_l <= x_m`` when ``I_l`` is inside ``I_m`` and not both when they are
        disjoint; ``"cube"``: every point.
        """
        points = np.arange(1 << self.L, dtype=np.int64)
        ok = np.ones(points.size, dtype=bool)
        if self.domain == "nested":
            for (l, a), (m, b) in itertools.permutations(enumerate(self.lhs), 2):
                bit_l, bit_m = (points >> l) & 1, (points >> m) & 1
                if a & b == a and a != b:
                    ok &= bit_l <= bit_m
                elif not a & b and l < m:
                    ok &= (bit_l & bit_m) == 0
        return ok

    def alpha_norm(self, x: np.ndarray) -> np.ndarray:
        """``||x||_alpha`` of bit-packed points."""
        return sum(((x >> l) & 1) * a for l, a in enumerate(self.alpha)) if self.alpha else np.zeros_like(x)


# -- the generic framework ----------------------------------------------------------------------
class CubeMapEncoder:
    """SAT variables of ``f`` and vectorised clause builders; literal ``1``/``-1`` = true/false.

    ``lits[x, r]`` is the literal of ``f_r(x)`` (a constant when forced).  Every builder takes
    arrays of literals of shape ``(E, m)``: ``E`` constraints with the same structure.
    """

    def __init__(self, problem: CubeMapProblem, shared_inputs, forced: np.ndarray):
        self.problem = problem
        self.top = _TRUE
        self._clauses: list[np.ndarray] = [np.array([[_TRUE]])]
        points = np.arange(1 << problem.L, dtype=np.int64)
        self.lits = np.empty((points.size, problem.R), dtype=np.int64)
        for r in range(problem.R):
            groups, inverse = np.unique(points & shared_inputs[r], return_inverse=True)
            known = forced[:, r] >= 0
            lo = np.full(groups.size, 2)
            hi = np.full(groups.size, -1)
            np.minimum.at(lo, inverse[known], forced[known, r])
            np.maximum.at(hi, inverse[known], forced[known, r])
            if (hi > lo).any():
                raise _Conflict
            ids = self.new_vars(groups.size)
            ids = np.where(hi == 1, _TRUE, np.where(hi == 0, -_TRUE, ids))
            self.lits[:, r] = ids[inverse]
        self.lits[~problem.in_domain] = -_TRUE  # never a vertex label: unconstrained, reported as -1

    def new_vars(self, shape) -> np.ndarray:
        count = int(np.prod(shape))
        out = np.arange(self.top + 1, self.top + 1 + count, dtype=np.int64).reshape(shape)
        self.top += count
        return out

    def add(self, clauses) -> None:
        """Add clauses (rows of literals); rows containing the true literal are dropped."""
        clauses = np.asarray(clauses, dtype=np.int64)
        if clauses.size:
            self._clauses.append(clauses[~(clauses == _TRUE).any(axis=1)])

    def xor_indicators(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Literals ``d`` with ``d >= a xor b`` (enough for upper bounds on changes)."""
        const = (np.abs(a) == _TRUE) & (np.abs(b) == _TRUE)
        same = a == b
        d = np.where(const, np.where(same, -_TRUE, _TRUE), -_TRUE)
        free = ~const & ~same
        d[free] = self.new_vars(int(free.sum()))
        self.add(np.stack([-a[free], b[free], d[free]], axis=1))
        self.add(np.stack([a[free], -b[free], d[free]], axis=1))
        return d

    def at_most(self, lits: np.ndarray, weights, bound: int) -> None:
        """``sum_j weights_j lits[e, j] <= bound`` for every row ``e`` (weighted sequential counter)."""
        w = np.asarray(weights, dtype=np.int64)
        lits = np.asarray(lits, dtype=np.int64)
        if bound < 0:
            raise _Conflict
        constant = (np.abs(lits) == _TRUE).all(axis=1)
        if ((lits[constant] == _TRUE) @ w > bound).any():
            raise _Conflict
        possible = (lits != -_TRUE) @ w
        lits = lits[~constant & (possible > bound)]
        if not lits.size:
            return
        if bound == 0:
            self.add(-lits.reshape(-1, 1))
            return
        n_aux, template = _counter_template(tuple(int(v) for v in w), int(bound))
        local = np.concatenate([lits, self.new_vars((lits.shape[0], n_aux))], axis=1)
        for index, sign in template:
            self.add((local[:, index] * sign).reshape(-1, index.shape[1]))

    def solve(self, solver: str = "cadical153") -> np.ndarray | None:
        """The map table (``f(x)`` bit-packed, int64) of a satisfying assignment, or ``None``."""
        with Solver(name=solver) as sat:
            for block in self._clauses:
                if block.size:
                    sat.append_formula(block.tolist())
            if not sat.solve():
                return None
            model = np.zeros(self.top + 1, dtype=bool)
            assignment = np.asarray(sat.get_model(), dtype=np.int64)
            model[np.abs(assignment)] = assignment > 0
        bits = np.where(self.lits > 0, model[np.abs(self.lits)], ~model[np.abs(self.lits)])
        table = (bits.astype(np.int64) << np.arange(self.problem.R, dtype=np.int64)).sum(axis=1)
        return np.where(self.problem.in_domain, table, -1)


@lru_cache(maxsize=256)
def _counter_template(weights: tuple[int, ...], bound: int):
    """Weighted sequential counter for ``sum_i weights_i x_i <= bound`` on local variables.

    Locals ``0..m-1`` are the ``x_i``; aux ``s[i, j]`` (local ``m + i*bound + j - 1``) means
    "the weighted sum of ``x_0..x_i`` is ``>= j``".  Returns ``(number of aux, [(index, sign)])``
    with clause blocks of equal length: ``index`` and ``sign`` arrays of shape ``(clauses, length)``.
    """
    m, k = len(weights), bound
    aux = lambda i, j: m + i * k + j - 1  # noqa: E731
    clauses = []
    for i, wi in enumerate(weights):
        if wi > k:
            clauses.append([-(i + 1)])
        clauses += [[-(i + 1), aux(i, j) + 1] for j in range(1, min(wi, k) + 1)]
        if i == 0:
            continue
        clauses += [[-(aux(i - 1, j) + 1), aux(i, j) + 1] for j in range(1, k + 1)]
        clauses += [[-(i + 1), -(aux(i - 1, j) + 1), aux(i, j + wi) + 1] for j in range(1, k - wi + 1)]
        if 1 <= k + 1 - wi <= k:
            clauses.append([-(i + 1), -(aux(i - 1, k + 1 - wi) + 1)])
    blocks = []
    for length in sorted({len(c) for c in clauses}):
        signed = np.array([c for c in clauses if len(c) == length], dtype=np.int64)
        blocks.append((np.abs(signed) - 1, np.sign(signed)))
    return m * k, blocks


class CubeMapCondition:
    """A condition on ``f: {0,1}^L -> {0,1}^R`` besides the boundary conditions.

    Subclasses set ``name`` (the certificate's ``condition``, checked by the verifier
    registered under that name) and implement :meth:`encode`; they may strengthen
    :meth:`shared_inputs` and :meth:`forced_bits`.
    """

    name = "abstract"
    default_domain = "cube"  # "nested" only for conditions whose encoding and checker handle it
    sort_copies = True  # copies of an RHS term may be taken sorted: f_r >= f_s pointwise (r < s)

    def shared_inputs(self, problem: CubeMapProblem) -> list[int]:
        """Per output bit ``r``, the input bits ``f_r`` may depend on (bit-packed)."""
        return [(1 << problem.L) - 1] * problem.R

    def forced_bits(self, problem: CubeMapProblem) -> np.ndarray:
        """``(2^L, R)`` int8: forced value of ``f_r(x)`` or -1; the boundary conditions by default."""
        forced = np.full((1 << problem.L, problem.R), -1, dtype=np.int8)
        for x, y in problem.boundary_points:
            value = (y >> np.arange(problem.R)) & 1
            if ((forced[x] >= 0) & (forced[x] != value)).any():
                raise _Conflict
            forced[x] = value
        return forced

    def encode(self, problem: CubeMapProblem, encoder: CubeMapEncoder) -> None:
        raise NotImplementedError


class LipschitzCondition(CubeMapCondition):
    """Graph contraction: ``sum_r beta_r [f_r(x) != f_r(x + e_l)] <= alpha_l`` on every cube edge."""

    name = "graph"

    @property
    def default_domain(self) -> str:
        """``"nested"`` for the graph contraction itself; subclasses opt in by overriding."""
        return "nested" if type(self) is LipschitzCondition else "cube"

    def shared_inputs(self, problem):
        return [sum(1 << l for l, a in enumerate(problem.alpha) if a >= b) for b in problem.beta]

    def forced_bits(self, problem):
        forced = super().forced_bits(problem)
        points = np.arange(1 << problem.L, dtype=np.int64)
        beta = np.asarray(problem.beta, dtype=np.int64)
        for x, y in problem.boundary_points:
            near = (beta[None, :] > problem.alpha_norm(points ^ x)[:, None]) & problem.in_domain[:, None]
            value = ((y >> np.arange(problem.R)) & 1).astype(np.int8)
            if (near & (forced >= 0) & (forced != value)).any():
                raise _Conflict
            forced = np.where(near, value, forced)
        return forced

    def encode(self, problem, encoder):
        points = np.arange(1 << problem.L, dtype=np.int64)
        beta = np.asarray(problem.beta, dtype=np.int64)
        shared = self.shared_inputs(problem)
        groups: dict[tuple, list[int]] = {}  # directions with the same active bits and budget
        for l, a in enumerate(problem.alpha):
            active = tuple(r for r in range(problem.R) if shared[r] >> l & 1)
            if beta[list(active)].sum() > a:
                groups.setdefault((active, a), []).append(l)
        inside = problem.in_domain
        lower = {l: points[((points >> l) & 1 == 0) & inside & inside[points | 1 << l]] for l in range(problem.L)}
        for (active, a), directions in groups.items():
            low = np.concatenate([lower[l] for l in directions])
            high = np.concatenate([lower[l] | 1 << l for l in directions])
            cols = list(active)
            changed = encoder.xor_indicators(encoder.lits[low][:, cols], encoder.lits[high][:, cols])
            encoder.at_most(changed, beta[cols], a)


GRAPH_CONTRACTION = LipschitzCondition()


def find_cube_map(problem: CubeMapProblem, condition: CubeMapCondition = GRAPH_CONTRACTION, solver: str = "cadical153"):
    """A map table satisfying the boundary conditions and ``condition``, or ``None`` if none exists."""
    try:
        encoder = CubeMapEncoder(problem, condition.shared_inputs(problem), condition.forced_bits(problem))
        condition.encode(problem, encoder)
        if condition.sort_copies:
            _sort_copies(problem, encoder)
    except _Conflict:
        return None
    return encoder.solve(solver)


def _sort_copies(problem: CubeMapProblem, encoder: CubeMapEncoder) -> None:
    """Symmetry breaking ``f_r(x) >= f_s(x)`` for equal RHS terms ``r < s`` (same subset and weight).

    Valid when the condition is invariant under swapping the copies and sorting never increases
    it: ``|max(a) - max(b)| + |min(a) - min(b)| <= |a_1 - b_1| + |a_2 - b_2|``.
    """
    first: dict[tuple[int, int], int] = {}
    for r, term in enumerate(zip(problem.rhs, problem.beta)):
        if term in first:
            upper, lower = encoder.lits[:, first[term]], encoder.lits[:, r]
            encoder.add(np.stack([-lower, upper], axis=1))
        first[term] = r


# -- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Proved:
    """Valid on the model class: the certificate is a checked contraction map."""

    certificate: ContractionCertificate


@dataclass(frozen=True)
class NoContraction:
    """No contraction map exists (UNSAT). This does NOT show the inequality is invalid."""

    problem: CubeMapProblem


@dataclass(frozen=True)
class Invalid:
    """A model (graph) whose entropy vector violates the inequality: ``value = c . S < 0``."""

    model: object
    entropy_vector: tuple
    value: object

    @property
    def graph(self):
        return self.model


def prove_by_contraction(
    inequality,
    space: EntropySpace | None = None,
    *,
    condition: CubeMapCondition = GRAPH_CONTRACTION,
    expand: str = "rhs",
    domain: str | None = None,
    counterexample=None,
    solver: str = "cadical153",
):
    """Prove ``c . S >= 0`` by a contraction map, or refute it with a violating model.

    ``counterexample(space, coefficients) -> Invalid | None`` is tried when no map exists
    (default :func:`find_violating_graph`; pass ``False`` to skip).

    Examples
    --------
    Monogamy of mutual information, ``-I3(A:B:C) >= 0``, by a contraction map:

    >>> from cones import EntropySpace, parse_inequality
    >>> space = EntropySpace(3)
    >>> mmi = parse_inequality("S(AB) + S(BC) + S(AC) >= S(A) + S(B) + S(C) + S(ABC)", space)
    >>> result = prove_by_contraction(mmi, space)
    >>> type(result).__name__, result.certificate.verify(mmi.row)
    ('Proved', True)

    References: Bao et al., arXiv:1505.07839 (contraction maps).
    """
    space, c = coefficient_vector(inequality, space)
    problem = CubeMapProblem.from_inequality(c, space, expand=expand, domain=domain or condition.default_domain)
    table = find_cube_map(problem, condition, solver)
    if table is not None:
        cert = ContractionCertificate(
            problem.n, problem.lhs, problem.alpha, problem.rhs, problem.beta, tuple(int(v) for v in table), condition.name, problem.domain
        )
        if not verify_contraction(cert, c):
            raise RuntimeError(f"internal error: the found contraction map for {c} fails verification")
        return Proved(cert)
    if counterexample is None:
        counterexample = find_violating_graph
    found = counterexample(space, c) if counterexample else None
    return found if found is not None else NoContraction(problem)


def find_violating_graph(space: EntropySpace, coefficients, *, max_bulk: int = 2, max_weight: int = 2, samples: int = 4000, seed: int = 0):
    """Search small graphs (all 0/1 boundary graphs, all one-vertex stars, random graphs) for ``c . S < 0``.

    Returns :class:`Invalid` with the lightest violating graph found, or ``None``.
    """
    c = np.asarray(coefficients, dtype=np.int64)
    n = space.n
    rng = np.random.default_rng(seed)
    for k in range(max_bulk + 1):
        size = n + 1 + k
        iu = np.triu_indices(size, 1)
        batches = []
        if k == 0 and len(iu[0]) <= 16:
            batches.append(_labellings(len(iu[0])))
        if k == 1:
            spokes = np.stack(np.meshgrid(*[np.arange(max_weight + 1)] * (n + 1), indexing="ij"), -1).reshape(-1, n + 1)
            rows = np.zeros((spokes.shape[0], len(iu[0])), dtype=np.int64)
            rows[:, [i for i, (u, v) in enumerate(zip(*iu)) if v == n + 1]] = spokes
            batches.append(rows)
        if k > 0 or len(iu[0]) > 16:
            batches.append(rng.integers(0, max_weight + 1, (samples, len(iu[0]))) * (rng.random((samples, len(iu[0]))) < 0.5))
        for rows in batches:
            mats = np.zeros((rows.shape[0], size, size), dtype=np.int64)
            mats[:, iu[0], iu[1]] = rows
            mats[:, iu[1], iu[0]] = rows
            values = entropy_vectors(mats, n) @ c
            bad = np.flatnonzero(values < 0)
            if bad.size:
                best = bad[np.argmin(rows[bad].sum(axis=1))]
                graph = Graph.from_weight_matrix(n, mats[best])
                s = graph.entropy_vector()
                value = int(np.dot(s.astype(object), c.astype(object)))
                if value < 0:
                    return Invalid(graph, tuple(int(v) for v in s), value)
    return None


def prove_many(inequalities, executor=None, **options) -> list:
    """:func:`prove_by_contraction` for each inequality, in input order."""
    return map_in_order(_prove_one, [(q, options) for q in inequalities], executor)


def _prove_one(item):
    inequality, options = item
    return prove_by_contraction(inequality, **options)
