"""Contraction certificates and their independent exact verifier.

A certificate for ``sum_l alpha_l S(I_l) >= sum_r beta_r S(J_r)`` is a map
``f: {0,1}^L -> {0,1}^R`` stored as a table: ``table[x]`` is ``f(x)`` with bit ``r`` the
``r``-th RHS term, and bit ``l`` of ``x`` the ``l``-th LHS term.  It proves the inequality on
graph models (Bao et al., arXiv:1505.07839, Thm. 3) when

* boundary conditions: ``f(x^(L)) = x^(R)`` for every party ``x`` and the purifier ``O``, where
  ``x^(L)_l = [x in I_l]`` and ``x^(R)_r = [x in J_r]``;
* the condition named by ``certificate.condition`` holds; for ``"graph"`` it is the weighted
  Hamming contraction ``||f(u) - f(v)||_beta <= ||u - v||_alpha``, which by the triangle
  inequality along cube paths only needs checking on cube edges.

With ``domain == "nested"`` the map is defined (``table[x] != -1``) only on the labels that
vertices can carry when every LHS min cut is the minimal one: ``x_l <= x_m`` for ``I_l``
strictly inside ``I_m`` and not both for disjoint ``I_l, I_m``.  This set is geodesic in the cube,
so the edge conditions between its points suffice (see :mod:`cones.holographic.contraction`).

This module deliberately shares no code with the search in :mod:`cones.holographic.contraction`: it reads
the subsets from their names and re-checks everything in exact integer arithmetic.  Other
conditions (e.g. the hypergraph set-contraction) register their checker with
:func:`register_condition_check`.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Callable

import numpy as np

from cones.core.certificate_kinds import register_certificate_kind
from cones.space import LABELS, PURIFIER, EntropySpace

_CONDITION_CHECKS: dict[str, Callable] = {}


@register_certificate_kind("contraction-map")
@dataclass(frozen=True)
class ContractionCertificate:
    """The contraction map of an inequality ``sum alpha_l S(lhs_l) >= sum beta_r S(rhs_r)``.

    ``lhs``/``rhs`` are subset bitmasks over the ``n + 1`` parties (bit ``n`` = ``O``),
    ``alpha``/``beta`` positive integer weights, ``table`` the map (``2**L`` entries).
    """

    n: int
    lhs: tuple[int, ...]
    alpha: tuple[int, ...]
    rhs: tuple[int, ...]
    beta: tuple[int, ...]
    table: tuple[int, ...]
    condition: str = "graph"
    domain: str = "cube"

    def to_json(self) -> dict:
        """JSON-ready dict; subsets by name (``"AB"``), the map as a list of integers."""
        space = EntropySpace(self.n)
        return {
            "condition": self.condition,
            "n": self.n,
            "lhs": [[space.name(m), a] for m, a in zip(self.lhs, self.alpha)],
            "rhs": [[space.name(m), b] for m, b in zip(self.rhs, self.beta)],
            "domain": self.domain,
            "map": list(self.table),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ContractionCertificate":
        """Inverse of :meth:`to_json` (accepts the dict or its JSON text)."""
        if isinstance(data, str):
            data = json.loads(data)
        n = int(data["n"])
        lhs = [(_mask(name, n), int(w)) for name, w in data["lhs"]]
        rhs = [(_mask(name, n), int(w)) for name, w in data["rhs"]]
        return cls(
            n,
            tuple(m for m, _ in lhs),
            tuple(w for _, w in lhs),
            tuple(m for m, _ in rhs),
            tuple(w for _, w in rhs),
            tuple(int(v) for v in data["map"]),
            data.get("condition", "graph"),
            data.get("domain", "cube"),
        )

    def verify(self, inequality=None) -> bool:
        """Independent exact re-check (see :func:`verify_contraction`)."""
        return verify_contraction(self, inequality)

    def coefficients(self) -> tuple[int, ...]:
        """The inequality's coefficient vector (``c . S >= 0``) in the coordinate order."""
        return _coefficients(self)


def register_condition_check(name: str, check: Callable) -> None:
    """Register ``check(certificate, domain) -> str | None`` (defect description) for a condition.

    ``domain`` is the bool array of cube points the map is defined on; a checker taking only
    the certificate is accepted for maps on the whole cube.
    """
    _CONDITION_CHECKS[name] = check


def contraction_defect(certificate: ContractionCertificate, inequality=None) -> str | None:
    """The first reason the certificate fails, or ``None`` when it proves the inequality.

    ``inequality`` (coefficient vector, or an object with ``.coefficients``) is optional; when
    given, the certificate must be for a positive multiple of it.
    """
    c = certificate
    n, big_l, big_r = c.n, len(c.lhs), len(c.rhs)
    if len(c.alpha) != big_l or len(c.beta) != big_r:
        return "term and weight counts differ"
    if any(int(w) <= 0 for w in (*c.alpha, *c.beta)):
        return "weights must be positive integers"
    full = (1 << (n + 1)) - 1
    for m in (*c.lhs, *c.rhs):
        if not 0 < m < full:
            return f"subset mask {m:#b} is empty, the whole system, or beyond n={n}"
    if len(c.table) != 1 << big_l:
        return f"map has {len(c.table)} entries, expected 2^{big_l}"
    domain = _domain(c)
    if domain is None:
        return f"unknown domain {c.domain!r}"
    for x, y in enumerate(c.table):
        if domain[x] and not 0 <= y < 1 << big_r:
            return f"map value {y} at {x:b} out of range"
        if not domain[x] and y != -1:
            return f"point {x:b} lies outside the {c.domain} domain but has a value"
    if inequality is not None:
        target = getattr(inequality, "coefficients", inequality)
        if not _proportional(_coefficients(c), list(target)):
            return "certificate is for a different inequality"
    for party in range(n + 1):
        x = sum(1 << l for l, m in enumerate(c.lhs) if m >> party & 1)
        y = sum(1 << r for r, m in enumerate(c.rhs) if m >> party & 1)
        name = PURIFIER if party == n else LABELS[party]
        if not domain[x]:
            return f"the boundary point of {name} lies outside the domain"
        if c.table[x] != y:
            return f"boundary condition fails for {name}: f({x:0{big_l}b}) = {c.table[x]:0{big_r}b} != {y:0{big_r}b}"
    check = _CONDITION_CHECKS.get(c.condition)
    if check is None:
        return f"no checker registered for condition {c.condition!r}"
    if len(inspect.signature(check).parameters) == 1:  # a checker for the whole cube only
        return check(c) if domain.all() else f"condition {c.condition!r} is only checked on the whole cube"
    return check(c, domain)


def verify_contraction(certificate: ContractionCertificate, inequality=None) -> bool:
    """True iff the certificate is a valid contraction proof (of ``inequality`` if given)."""
    return contraction_defect(certificate, inequality) is None


def _graph_edges_defect(c: ContractionCertificate, domain: np.ndarray) -> str | None:
    """Weighted Hamming contraction on every cube edge ``(x, x + e_l)`` inside the domain."""
    table = np.asarray(c.table, dtype=np.int64)
    values = np.arange(1 << len(c.rhs), dtype=np.int64)
    cost_of = sum(((values >> r) & 1) * int(b) for r, b in enumerate(c.beta)) if c.rhs else np.zeros(1, np.int64)
    points = np.arange(table.size, dtype=np.int64)
    for l, a in enumerate(c.alpha):
        low = points[((points >> l) & 1 == 0) & domain & domain[points | 1 << l]]
        cost = cost_of[table[low] ^ table[low | 1 << l]]
        bad = np.flatnonzero(cost > int(a))
        if bad.size:
            x = int(low[bad[0]])
            return f"Lipschitz fails on the edge {x:b} -- {x | 1 << l:b}: change {int(cost[bad[0]])} > {a}"
    return None


def _domain(c: ContractionCertificate) -> np.ndarray | None:
    """The points that may label vertices: all (``"cube"``) or the nested/disjoint ones (``"nested"``)."""
    size = 1 << len(c.lhs)
    if c.domain == "cube":
        return np.ones(size, dtype=bool)
    if c.domain != "nested":
        return None
    inside = np.ones(size, dtype=bool)
    for x in range(size):
        on = [l for l in range(len(c.lhs)) if x >> l & 1]
        for l in on:
            for m in range(len(c.lhs)):
                contained = c.lhs[l] & c.lhs[m] == c.lhs[l] != c.lhs[m]
                if (contained and not x >> m & 1) or (m != l and x >> m & 1 and not c.lhs[l] & c.lhs[m]):
                    inside[x] = False
    return inside


register_condition_check("graph", _graph_edges_defect)


def _mask(name: str, n: int) -> int:
    letters = LABELS[:n] + PURIFIER
    if not name or any(ch not in letters for ch in name):
        raise ValueError(f"subset name {name!r} is not made of the labels {letters}")
    return sum(1 << letters.index(ch) for ch in set(name))


def _coefficients(c: ContractionCertificate) -> tuple[int, ...]:
    space = EntropySpace(c.n)
    out = [0] * space.dim
    for m, a in zip(c.lhs, c.alpha):
        out[space.coordinate(m)] += a
    for m, b in zip(c.rhs, c.beta):
        out[space.coordinate(m)] -= b
    return tuple(out)


def _proportional(u, v) -> bool:
    """``u = t v`` for some rational ``t > 0`` (exact)."""
    if len(u) != len(v) or not any(u):
        return False
    i = next(k for k, x in enumerate(u) if x)
    if v[i] == 0 or (u[i] > 0) != (v[i] > 0):
        return False
    return all(x * v[i] == y * u[i] for x, y in zip(u, v))
