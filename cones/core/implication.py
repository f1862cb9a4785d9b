"""Is an inequality implied by a set of proved rows?  Exact answers with checkable certificates.

Farkas' lemma (:mod:`polytopes.lp`): either ``a = sum_i y_i r_i + sum_j z_j g_j`` with every
``y_i >= 0`` (the rows ``r_i`` imply ``a . S >= 0`` under the given equalities ``g_j . S = 0``),
or some ``v`` with ``r_i . v >= 0``, ``g_j . v = 0`` and ``a . v < 0``.  The first is an
:class:`Implication` (multipliers), the second a :class:`Counterexample` (a vector of the
bound, for Gamma_n a polymatroid).  Both are re-checked in exact rationals by ``verify()``,
which for a *basis* defined by inequalities (``shannon``, ``ssa``, ...) also regenerates the
basis from its definition, so a certificate read from a file is checked against the model, not
against rows the file itself supplies.

:func:`decide` answers on an :class:`~cones.core.bounds.EntropyCone`: a proof from its (outer)
rows, a refutation by a realised extreme ray of its inner bound (with that ray's realisation
certificate), or "undecided" for a sandwich that neither bound settles.

References: Yeung, *A framework for linear information inequalities* (IEEE IT 1997, ITIP).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import permutations
from typing import Callable, Sequence

import numpy as np

from polytopes import implied, primitive, violating_vector

from cones.core import inequality_families as families
from cones.core.certificate_kinds import (certificate_from_json, certificate_to_json, register_certificate_kind,
                                          verify_certificate)
from cones.expressions import Inequality
from cones.space import EntropySpace

# Bases defined by inequalities, regenerated from their definition by the checkers.
_BASES: dict[str, tuple[bool, Callable[[EntropySpace], object]]] = {
    "shannon": (False, families.elemental_shannon),
    "ssa": (True, lambda space: families.ssa(space, elemental=True)),
    "subadditivity": (True, families.sa),
    "holographic-outer": (True, lambda space: [*families.sa(space), *families.mmi(space)]),
}


def basis_space(basis: str, n: int) -> EntropySpace:
    """The space of a defined basis: classical for ``shannon``, purified otherwise."""
    return EntropySpace(n, pure=_BASES[basis][0]) if basis in _BASES else EntropySpace(n)


def basis_rows(basis: str, space: EntropySpace) -> np.ndarray:
    """The rows of a defined basis (``shannon``: Yeung's elemental inequalities; ``ssa``: the
    purified ``I(i:j|K) >= 0``), regenerated from their definition.

    >>> len(basis_rows("shannon", EntropySpace(3, pure=False)))
    9
    """
    if basis not in _BASES:
        raise ValueError(f"unknown basis {basis!r}; defined bases: {', '.join(_BASES)}")
    pure, generate = _BASES[basis]
    if space.pure != pure:
        raise ValueError(f"the {basis} basis lives in a {'pure' if pure else 'classical'} space, got {space!r}")
    return families.rows_of(generate(space), space.dim)


def _ints(rows) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(v) for v in r) for r in rows)


def _frac(values) -> tuple[Fraction, ...]:
    return tuple(Fraction(v) for v in values)


def _row_set(basis: str, n: int, pure: bool) -> set[tuple[int, ...]] | None:
    if basis not in _BASES:
        return None
    return set(_ints(basis_rows(basis, EntropySpace(n, pure=pure))))


@register_certificate_kind("implication")
@dataclass(frozen=True)
class Implication:
    """``inequality = sum multipliers[i] * rows[i] + sum given_multipliers[j] * given[j]`` with
    every ``multipliers[i] >= 0``: the rows (of ``basis``) imply the inequality when the
    ``given`` equalities hold.  For a defined basis, ``verify`` checks that every row is one of
    its inequalities; for a family's proved rows, ``row_certificates`` (where known) are re-checked."""

    basis: str
    n: int
    pure: bool
    inequality: tuple[int, ...]
    rows: tuple[tuple[int, ...], ...]
    multipliers: tuple[Fraction, ...]
    given: tuple[tuple[int, ...], ...] = ()
    given_multipliers: tuple[Fraction, ...] = ()
    row_certificates: tuple[object | None, ...] = field(default=(), compare=False)
    row_permutations: tuple[tuple[int, ...], ...] = ()

    def combination(self) -> tuple[Fraction, ...]:
        total = [Fraction(0)] * len(self.inequality)
        for rows, weights in ((self.rows, self.multipliers), (self.given, self.given_multipliers)):
            for row, w in zip(rows, weights, strict=True):
                total = [t + w * v for t, v in zip(total, row, strict=True)]
        return tuple(total)

    def verify(self, row=None) -> bool:
        """Exact re-check: non-negative multipliers, exact recombination, rows of the basis."""
        if row is not None and tuple(primitive(list(row))) != tuple(self.inequality):
            return False
        if any(w < 0 for w in self.multipliers) or len(self.rows) != len(self.multipliers):
            return False
        if self.combination() != tuple(Fraction(v) for v in self.inequality):
            return False
        allowed = _row_set(self.basis, self.n, self.pure)
        if allowed is not None and not set(self.rows) <= allowed:
            return False
        certificates = self.row_certificates or (None,) * len(self.rows)
        perms = self.row_permutations or ((),) * len(self.rows)
        if not len(certificates) == len(perms) == len(self.rows):
            return False
        try:
            space = EntropySpace(self.n, pure=self.pure)
            return all(c is None or verify_certificate(c, _unpermuted(space, r, g))
                       for r, c, g in zip(self.rows, certificates, perms))
        except ValueError:  # a permutation or row that does not fit the space
            return False

    def describe(self, space: EntropySpace | None = None) -> list[str]:
        """One line per term: ``multiplier * (row as an inequality)``."""
        space = space or EntropySpace(self.n, pure=self.pure)
        lines = [f"{w} x [{Inequality(space, r).to_text()}]" for r, w in zip(self.rows, self.multipliers)]
        lines += [f"{w} x [{Inequality(space, g, equation=True).to_text()}] (given)"
                  for g, w in zip(self.given, self.given_multipliers) if w]
        return lines

    def to_json(self) -> dict:
        return {"basis": self.basis, "n": self.n, "pure": self.pure, "inequality": list(self.inequality),
                "rows": [list(r) for r in self.rows], "multipliers": [str(w) for w in self.multipliers],
                "given": [list(g) for g in self.given], "given_multipliers": [str(w) for w in self.given_multipliers],
                "row_certificates": [None if c is None else certificate_to_json(c) for c in self.row_certificates],
                "row_permutations": [list(g) for g in self.row_permutations]}

    @classmethod
    def from_json(cls, data: dict) -> "Implication":
        return cls(str(data["basis"]), _int(data["n"]), bool(data["pure"]), _row(data["inequality"]),
                   _rows(data["rows"]), _fracs(data["multipliers"]), _rows(data.get("given", [])),
                   _fracs(data.get("given_multipliers", [])),
                   tuple(None if c is None else certificate_from_json(c) for c in data.get("row_certificates", [])),
                   _rows(data.get("row_permutations", [])))


@register_certificate_kind("counterexample")
@dataclass(frozen=True)
class Counterexample:
    """``vector`` satisfies every row of ``basis`` (and the ``given`` equalities) but
    ``inequality . vector < 0``.  For a defined basis the rows are regenerated; for a family,
    ``realisation`` (the model realising the vector) is re-checked instead, or the ``rows`` of
    its settled cone.  With a ``permutation`` of the parties, the realisation is of the
    vector's preimage (a stored orbit representative): the model with its parties permuted."""

    basis: str
    n: int
    pure: bool
    inequality: tuple[int, ...]
    vector: tuple[Fraction, ...]
    given: tuple[tuple[int, ...], ...] = ()
    realisation: object | None = field(default=None, compare=False)
    rows: tuple[tuple[int, ...], ...] = field(default=(), compare=False)
    permutation: tuple[int, ...] = ()

    @property
    def value(self) -> Fraction:
        return sum((a * v for a, v in zip(self.inequality, self.vector, strict=True)), Fraction(0))

    def verify(self, row=None) -> bool:
        if row is not None and tuple(primitive(list(row))) != tuple(self.inequality):
            return False
        if self.value >= 0 or any(sum(g * v for g, v in zip(r, self.vector)) for r in self.given):
            return False
        if self.basis in _BASES:
            rows = basis_rows(self.basis, EntropySpace(self.n, pure=self.pure)).tolist()
        elif self.realisation is None and not self.rows:
            return False  # a family's vector is trusted with its model or the rows of its settled cone
        else:
            rows = self.rows
        if any(sum(a * v for a, v in zip(r, self.vector)) < 0 for r in rows):
            return False
        if self.realisation is None:
            return True
        return verify_certificate(self.realisation, primitive(list(self._preimage())))

    def _preimage(self) -> list[Fraction]:
        return _unpermuted(EntropySpace(self.n, pure=self.pure), self.vector, self.permutation)

    def to_json(self) -> dict:
        return {"basis": self.basis, "n": self.n, "pure": self.pure, "inequality": list(self.inequality),
                "vector": [str(v) for v in self.vector], "given": [list(g) for g in self.given],
                "realisation": None if self.realisation is None else certificate_to_json(self.realisation),
                "rows": [list(r) for r in self.rows], "permutation": list(self.permutation)}

    @classmethod
    def from_json(cls, data: dict) -> "Counterexample":
        realisation = data.get("realisation")
        return cls(str(data["basis"]), _int(data["n"]), bool(data["pure"]), _row(data["inequality"]),
                   _fracs(data["vector"]), _rows(data.get("given", [])),
                   None if realisation is None else certificate_from_json(realisation), _rows(data.get("rows", [])),
                   _row(data.get("permutation", [])))


def _unpermuted(space: EntropySpace, row, party_permutation) -> list:
    """The row ``w`` with ``w[g] = row`` for the coordinate permutation ``g`` of the parties'
    permutation (``row`` itself for the empty permutation)."""
    if not party_permutation:
        return list(row)
    out = [0] * len(row)
    for j, v in zip(space.coordinate_permutation(party_permutation).tolist(), row, strict=True):
        out[j] = v
    return out


def _orbit_certificate(space: EntropySpace, row: tuple[int, ...], certificates: dict):
    """``(certificate, party permutation)`` of the stored orbit representative that ``row`` is an
    image of (``row == rep[g]``), or ``(None, ())``."""
    if row in certificates:
        return certificates[row], ()
    canonical = tuple(int(v) for v in space.group.canonical(np.array(row, dtype=np.int64)))
    if canonical not in certificates:
        return None, ()
    for perm in permutations(range(space.parties)):
        if tuple(canonical[j] for j in space.coordinate_permutation(perm).tolist()) == row:
            return certificates[canonical], perm
    return None, ()


def _int(x) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise ValueError(f"expected an integer, got {x!r:.80}")
    return x


def _row(values) -> tuple[int, ...]:
    if not isinstance(values, list):
        raise ValueError(f"expected a list of integers, got {values!r:.80}")
    return tuple(_int(v) for v in values)


def _rows(values) -> tuple[tuple[int, ...], ...]:
    if not isinstance(values, list):
        raise ValueError(f"expected a list of rows, got {values!r:.80}")
    return tuple(_row(r) for r in values)


def _fracs(values) -> tuple[Fraction, ...]:
    if not isinstance(values, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        raise ValueError(f"expected a list of rationals as strings, got {values!r:.80}")
    try:
        return tuple(Fraction(v) for v in values)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a rational in {values!r:.80}: {exc}") from None


def implication(rows, inequality: Inequality, basis: str, given: Sequence[Inequality] = (),
                row_certificates: dict | None = None) -> Implication | Counterexample:
    """Decide whether ``rows`` (``r . S >= 0``) imply ``inequality`` when the ``given`` equations hold.

    Returns exact multipliers (:class:`Implication`) or a violating vector of the rows' cone
    (:class:`Counterexample`, an extreme ray modulo lineality).

    >>> space = EntropySpace(2, pure=False)
    >>> from cones.expressions import parse_inequality
    >>> proof = implication(basis_rows("shannon", space), parse_inequality("I(A:B) <= H(A)", space), "shannon")
    >>> proof.verify(), proof.multipliers
    (True, (Fraction(1, 1),))
    """
    space = inequality.space
    rows = np.asarray(rows, dtype=np.int64).reshape(-1, space.dim)
    equations = np.array([g.row for g in given], dtype=np.int64).reshape(-1, space.dim)
    found = implied(rows, inequality.row, equations)
    gvn = _ints(equations)
    if found is None:
        v = violating_vector(rows, inequality.row, equations)
        return Counterexample(basis, space.n, space.pure, inequality.row, _frac(v.tolist()), gvn)
    used = _ints(rows[list(found.indices)])
    found_certs = [_orbit_certificate(space, r, row_certificates) for r in used] if row_certificates else []
    certs = tuple(c for c, _ in found_certs)
    perms = tuple(g for _, g in found_certs) if any(g for _, g in found_certs) else ()
    free = dict(zip(found.free_indices, found.free_values))
    return Implication(basis, space.n, space.pure, inequality.row, used, tuple(found.values), gvn,
                       tuple(free.get(j, Fraction(0)) for j in range(len(gvn))), certs, perms)


# -- verdicts on a cone ----------------------------------------------------------------------------
VERDICTS = ("proved", "invalid", "undecided")


@dataclass(frozen=True)
class Verdict:
    """The answer to "does ``inequality`` hold on ``model``?": ``proved``, ``invalid`` or
    ``undecided``, with the ``certificate`` that decided it (None when undecided), the bound
    that decided (``exact``, ``outer bound``, ``inner bound``) and a sentence saying why."""

    verdict: str
    inequality: Inequality
    model: str
    certificate: object | None
    bound: str = ""
    reason: str = ""

    def __bool__(self) -> bool:
        return self.verdict == "proved"

    def verify(self) -> bool:
        """Re-check the certificate exactly (False when undecided).  A model's realisation
        (graph, hypergraph) is checked to realise its ray, and the ray to violate the inequality."""
        return _verify(self.verdict, self.certificate, self.inequality.row)

    def to_json(self) -> dict:
        space = self.inequality.space
        return {"inequality": self.inequality.to_text(), "n": space.n, "pure": space.pure,
                "coefficients": list(self.inequality.row), "model": self.model, "verdict": self.verdict,
                "bound": self.bound, "reason": self.reason,
                "certificate": None if self.certificate is None else certificate_to_json(self.certificate)}

    def __repr__(self):
        return f"Verdict({self.verdict!r}, {self.inequality.to_text()!r}, model={self.model!r}, bound={self.bound!r})"


def check_certificate_json(record: dict) -> bool:
    """Independent re-check of a verdict written by :meth:`Verdict.to_json` (``--certificate``):
    rebuild the certificate from JSON and verify it against the stated coefficients.
    ValueError for a malformed record."""
    if not isinstance(record, dict) or "certificate" not in record or "coefficients" not in record:
        raise ValueError("a certificate file is a JSON object with 'coefficients' and 'certificate'")
    if record["certificate"] is None:
        return False
    return _verify(record.get("verdict"), certificate_from_json(record["certificate"]), _row(record["coefficients"]))


def _verify(verdict, certificate, row) -> bool:
    if certificate is None or verdict not in VERDICTS[:2] or (verdict == "proved") == isinstance(certificate, Counterexample):
        return False
    if verdict == "invalid" and not isinstance(certificate, Counterexample):  # a graph or hypergraph realisation
        ray = getattr(certificate, "ray", None)
        return ray is not None and verify_certificate(certificate, ray) and sum(a * v for a, v in zip(row, ray)) < 0
    return verify_certificate(certificate, row)


def _outer_rows(cone) -> np.ndarray:
    outer = cone.outer
    eq = outer.equations
    return np.vstack([outer.inequalities, eq, -eq]) if len(eq) else outer.inequalities


def _refuting_ray(cone, inequality: Inequality, given) -> Counterexample | None:
    """A realised vector of the inner bound violating ``inequality``: a stored, certified orbit
    representative moved by a party permutation (the model's parties permuted the same way).
    Without certificates, a violating ray of a settled cone with the cone's rows.  None if
    there is neither (or ``given`` is used)."""
    if cone.inner is None or given:
        return None
    space, a = cone.space, inequality.row
    for rep, certificate in cone.ray_certificates.items():
        for perm in permutations(range(space.parties)):
            g = space.coordinate_permutation(perm).tolist()
            vector = [rep[j] for j in g]
            if sum(c * v for c, v in zip(a, vector)) < 0:
                return Counterexample(cone.family, space.n, space.pure, a, _frac(vector), (), certificate,
                                      permutation=perm if list(perm) != list(range(space.parties)) else ())
    if not cone.settled:
        return None
    rays = [tuple(int(v) for v in r) for r in cone.inner.rays.tolist()]
    bad = [r for r in rays if sum(c * v for c, v in zip(a, r)) < 0]
    if not bad:
        return None
    return Counterexample(cone.family, space.n, space.pure, a, _frac(bad[0]), (), None, _ints(_outer_rows(cone)))


def decide(cone, inequality: Inequality, given: Sequence[Inequality] = ()) -> Verdict:
    """Decide ``inequality`` on an :class:`~cones.core.bounds.EntropyCone` under the ``given``
    equalities: proved by multipliers over the (outer) rows; refuted by a vector of a cone known
    exactly or by a realised ray of the inner bound; else undecided, saying which bound is missing.

    >>> from cones.core.outer import shannon_cone
    >>> from cones.expressions import parse_inequality
    >>> gamma = shannon_cone(2)
    >>> decide(gamma, parse_inequality("H(AB) <= H(A) + H(B)", gamma.space)).verdict
    'proved'
    """
    if inequality.space != cone.space:
        raise ValueError(f"the inequality lives in {inequality.space!r}, the {cone.family} cone in {cone.space!r}")
    if inequality.equation:
        raise ValueError("decide takes an inequality (>= or <=), not an equation")
    name = f"the {cone.family} cone (n={cone.space.n})"
    if cone.outer is not None:
        bound = "exact" if cone.is_exact else "outer bound"
        found = implication(_outer_rows(cone), inequality, cone.family, given, cone.facet_certificates)
        if isinstance(found, Implication):
            return Verdict("proved", inequality, cone.family, found, bound, f"implied by the facets of {name} ({bound})")
        if cone.is_exact:
            if not cone.settled or given:
                return Verdict("invalid", inequality, cone.family, _with_rows(found, cone), bound,
                               f"a vector of {name} ({bound}) violates it")
    found = _refuting_ray(cone, inequality, given)
    if found is not None:
        bound = "exact" if cone.is_exact else "inner bound"
        return Verdict("invalid", inequality, cone.family, found, bound, f"a realised extreme ray of {name} violates it")
    missing = "the inner bound has no violating ray" if cone.inner is not None else "no inner bound is known"
    return Verdict("undecided", inequality, cone.family, None, cone.status,
                   f"{name} is a {cone.status}: its outer bound does not imply it and {missing}")


def _with_rows(found: Counterexample, cone) -> Counterexample:
    """Attach the cone's rows to a counterexample when its basis is not regenerable."""
    if found.basis in _BASES:
        return found
    return Counterexample(found.basis, found.n, found.pure, found.inequality, found.vector, found.given, None,
                          _ints(_outer_rows(cone)))
