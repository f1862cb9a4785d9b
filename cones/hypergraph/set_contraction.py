"""Proof by set-contraction: cube maps certifying inequalities on all hypergraph models.

Write the inequality as ``sum_l alpha_l S(I_l) >= sum_r beta_r S(J_r)`` (as in
:mod:`cones.holographic.contraction`).  A map ``f: {0,1}^L -> {0,1}^R`` is a *set-contraction*
(Bao, Cheng, Hernández-Cuenca, Su, arXiv:2002.05317) if it meets the boundary conditions
``f(x^(L)) = x^(R)`` for every party and the purifier, and for every face ``F`` of the cube
(some coordinates fixed to values, the set ``T`` of the others free)

    sum { beta_r : f_r is not constant on F }  <=  sum { alpha_l : l in T }.

Taking ``F`` the smallest face through two points gives the graph contraction condition, so
this condition is stronger, and it suffices for hypergraphs:

*Proof.*  Fix a hypergraph and minimal cuts ``C_l`` for the ``S(I_l)``.  Label every vertex
``v`` by ``x(v) in {0,1}^L``, ``x(v)_l = [v in C_l]``; a boundary vertex of the party ``p`` gets
``x^(L)`` of ``p`` (and ``O`` gets 0).  Let ``D_r = {v : f_r(x(v)) = 1}``; by the boundary
conditions its boundary part is exactly ``J_r``'s, so ``S(J_r) <= w(D_r)``, the weight of the
hyperedges ``D_r`` splits.  Count hyperedge by hyperedge: the labels of the vertices of ``e``
lie in the face ``F_e`` whose free coordinates are the ``l`` with ``C_l`` splitting ``e``.  If
``D_r`` splits ``e``, ``f_r`` is not constant on ``F_e``.  Hence
``sum_r beta_r [D_r splits e] <= sum_{l in T(F_e)} alpha_l = sum_l alpha_l [C_l splits e]``;
multiplying by ``w_e`` and summing over ``e``,
``sum_r beta_r S(J_r) <= sum_r beta_r w(D_r) <= sum_l alpha_l w(C_l) = sum_l alpha_l S(I_l)``.  □

SAT encoding (through :class:`cones.holographic.contraction.CubeMapEncoder`): one "varies" literal per
face and output, ``v_{F,r} >= v_{F0,r} or v_{F1,r} or [f_r(x) != f_r(x + e_l)]`` for the two
halves ``F0, F1`` of ``F`` along its lowest free coordinate ``l`` and a point ``x`` of ``F0``
(constant on both halves and equal across one edge means constant on ``F``), and a weighted
at-most constraint per face.  Faces with ``alpha(T) >= sum beta`` need nothing.  The verifier
:func:`set_contraction_defect` shares no code with the search: it takes the OR and AND of
``f`` over every face directly.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction

import numpy as np

from polytopes import primitive

from cones.core.certificate_kinds import register_certificate_kind
from cones.holographic.contraction import Invalid, LipschitzCondition, Proved, prove_by_contraction
from cones.holographic.contraction_check import ContractionCertificate, register_condition_check
from cones.hypergraph.hypergraphs import all_hyperedges, hypergraph_entropy_vectors, hypergraph_from_incidence
from cones.space import EntropySpace

CONDITION = "set-contraction"
_TRUE = 1


class SetContractionCondition(LipschitzCondition):
    """The set-contraction condition; inherits the forced bits and shared inputs of the graph
    contraction, which it implies."""

    name = CONDITION

    def encode(self, problem, encoder):
        L, beta = problem.L, np.asarray(problem.beta, dtype=np.int64)
        total = int(beta.sum())
        points = np.arange(1 << L, dtype=np.int64)
        weight = np.zeros(1 << L, dtype=np.int64)
        for l, a in enumerate(problem.alpha):
            weight += ((points >> l) & 1) * a
        varies: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # free set -> (bases, literals)

        def lookup(free, x):
            bases, lits = varies[free]
            return lits[np.searchsorted(bases, x)]

        level = 0
        for free in sorted((t for t in range(1, 1 << L) if weight[t] < total), key=lambda t: bin(t).count("1")):
            size = bin(free).count("1")
            if size > level + 1:  # faces two levels down are no longer needed (single edges are)
                varies = {t: val for t, val in varies.items() if bin(t).count("1") in (1, size - 1)}
            level = size - 1
            low = free & -free
            bases = points[(points & free) == 0]
            if free == low:
                v = encoder.xor_indicators(encoder.lits[bases], encoder.lits[bases | low])
            else:
                rest = free ^ low
                v = _or(encoder, np.stack([lookup(rest, bases), lookup(rest, bases | low), lookup(low, bases)], axis=-1))
            varies[free] = (bases, v)
            encoder.at_most(v, beta, int(weight[free]))


def _or(encoder, stack: np.ndarray) -> np.ndarray:
    """Literals ``v >= stack[..., 0] or stack[..., 1] or ...`` (constants folded)."""
    any_true = (stack == _TRUE).any(axis=-1)
    open_ = np.abs(stack) != _TRUE
    count = open_.sum(axis=-1)
    out = np.where(any_true, _TRUE, -_TRUE)
    single = ~any_true & (count == 1)
    out[single] = np.take_along_axis(stack, open_.argmax(axis=-1)[..., None], axis=-1)[..., 0][single]
    multi = ~any_true & (count >= 2)
    fresh = encoder.new_vars(int(multi.sum()))
    out[multi] = fresh
    for j in range(stack.shape[-1]):
        encoder.add(np.stack([-stack[..., j][multi], fresh], axis=1))
    return out


SET_CONTRACTION = SetContractionCondition()


def set_contraction_defect(certificate: ContractionCertificate) -> str | None:
    """The first face violating the set-contraction condition, or ``None`` (exact integers)."""
    table = np.asarray(certificate.table, dtype=np.int64)
    big_l = len(certificate.lhs)
    points = np.arange(table.size, dtype=np.int64)
    for free in range(1, table.size):
        budget = sum(int(a) for l, a in enumerate(certificate.alpha) if free >> l & 1)
        subs = points[(points & ~free) == 0]
        bases = points[(points & free) == 0]
        values = table[bases[:, None] | subs[None, :]]
        vary = np.bitwise_or.reduce(values, axis=1) & ~np.bitwise_and.reduce(values, axis=1)
        cost = sum(((vary >> r) & 1) * int(b) for r, b in enumerate(certificate.beta))
        bad = np.flatnonzero(np.asarray(cost) > budget)
        if bad.size:
            base = int(bases[bad[0]])
            face = "".join("*" if free >> l & 1 else str(base >> l & 1) for l in range(big_l))
            return f"set-contraction fails on the face {face}: outputs varying cost {int(np.asarray(cost)[bad[0]])} > {budget}"
    return None


register_condition_check(CONDITION, set_contraction_defect)


@register_certificate_kind("set-contraction-map")
@dataclass(frozen=True)
class SetContractionCertificate(ContractionCertificate):
    """A :class:`~cones.holographic.contraction_check.ContractionCertificate` with ``condition="set-contraction"``,
    registered as its own kind so that reading it back imports this module (and its checker)."""

    condition: str = CONDITION

    def __post_init__(self):
        if self.condition != CONDITION:
            raise ValueError(f"a set-contraction certificate has condition {CONDITION!r}, got {self.condition!r}")


def prove_by_set_contraction(inequality, space: EntropySpace | None = None, *, counterexample=None, expand: str = "rhs", solver: str = "cadical153"):
    """Prove ``c . S >= 0`` on all hypergraphs by a set-contraction, or refute it with a hypergraph.

    Returns :class:`cones.holographic.contraction.Proved` (certificate with ``condition="set-contraction"``),
    :class:`~cones.holographic.contraction.NoContraction` (no map: *not* a refutation) or
    :class:`~cones.holographic.contraction.Invalid` (a violating hypergraph, found by ``counterexample``:
    default :func:`find_violating_hypergraph`; ``False`` skips the search).

    Examples
    --------
    MMI fails on hypergraphs (a four-party GHZ hyperedge violates it); SA holds:

    >>> from cones import EntropySpace, parse_inequality
    >>> space = EntropySpace(3)
    >>> mmi = parse_inequality("S(AB) + S(BC) + S(AC) >= S(A) + S(B) + S(C) + S(ABC)", space)
    >>> type(prove_by_set_contraction(mmi, space)).__name__
    'Invalid'
    >>> type(prove_by_set_contraction(parse_inequality("S(A) + S(B) >= S(AB)", space), space)).__name__
    'Proved'

    References: Bao, Cheng, Hernández-Cuenca, Su, arXiv:2002.05317.
    """
    if counterexample is None:
        counterexample = find_violating_hypergraph
    result = prove_by_contraction(inequality, space, condition=SET_CONTRACTION, expand=expand,
                                  counterexample=counterexample, solver=solver)
    if isinstance(result, Proved):
        cert = result.certificate
        return Proved(SetContractionCertificate(**{f.name: getattr(cert, f.name) for f in fields(cert)}))
    return result


def find_violating_hypergraph(space: EntropySpace, coefficients, *, max_bulk: int = 2, samples: int = 3000, seed: int = 0):
    """Search small hypergraphs for ``c . S < 0``: every single boundary hyperedge, then random
    unit-weight hypergraphs with ``0..max_bulk`` bulk vertices.  :class:`Invalid` or ``None``."""
    c = np.asarray(coefficients, dtype=np.int64)
    rng = np.random.default_rng(seed)
    for k in range(max_bulk + 1):
        inc = all_hyperedges(space.n, k)
        if k == 0:
            weights = np.eye(len(inc), dtype=np.int64)
        else:
            density = rng.uniform(1.0, 4.0, (samples, 1)) / len(inc)
            weights = (rng.random((samples, len(inc))) < density).astype(np.int64)
        bad = np.flatnonzero(hypergraph_entropy_vectors(inc, weights, space.n) @ c < 0)
        if bad.size:
            best = weights[bad[np.argmin(weights[bad].sum(axis=1))]]
            graph = hypergraph_from_incidence(space.n, inc, best)
            s = graph.entropy_vector()
            value = int(np.dot(s.astype(object), c.astype(object)))
            if value < 0:
                return Invalid(graph, tuple(int(v) for v in s), value)
    return None


def violated_ray(found: Invalid) -> tuple[tuple[int, ...], Fraction]:
    """``(primitive ray, scale)`` of a refuting hypergraph's entropy vector."""
    vector = found.entropy_vector
    ray = primitive(vector)
    return ray, Fraction(next(v for v in vector if v)) / next(v for v in ray if v)
