"""Common-information proofs of linear rank inequalities.

For subspaces ``V_X = sum_{i in X} V_i`` and ``V_Y`` the intersection ``Z = V_X cap V_Y`` is a
*common information* of ``X`` and ``Y``:

    H(Z|X) = 0,   H(Z|Y) = 0,   H(Z) = I(X;Y),

so every linear polymatroid on ``n`` variables extends to one on ``n+1`` variables with these
three equations (and, repeating, to ``n+k`` variables with ``k`` common informations, each of
two subsets of the variables before it).  An inequality on ``n`` variables is therefore a
linear rank inequality as soon as the elemental Shannon inequalities of the extended
variables together with the equations imply it (Hammer-Romashchenko-Shen-Vereshchagin 2000;
Dougherty-Freiling-Zeger, arXiv:0910.0284).  The certificate holds the extensions and exact
rational multipliers; :meth:`CommonInformationProof.verify` recombines them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, permutations
from typing import Iterable, Sequence

import numpy as np

from polytopes._integers import as_fraction, primitive
from polytopes.lp import implied
from scipy.optimize import linprog

from .certificate_kinds import register_certificate_kind
from .space import EntropySpace


# -- rows on the extended variables ------------------------------------------------------
def _row(space: EntropySpace, terms: Iterable[tuple[int, int]]) -> np.ndarray:
    """Coefficient row of ``sum c * h(mask)`` (h of the empty set is 0)."""
    out = np.zeros(space.dim, dtype=np.int64)
    for mask, c in terms:
        if mask:
            out[space.index[mask]] += c
    return out


def elemental_terms(n: int) -> list[tuple[int, int, int]]:
    """The elemental Shannon inequalities of ``n`` variables as triples ``(i, j, K)``:
    ``(i, i, K)`` is ``H(X_i | X_K) >= 0`` with ``K`` all other variables, and ``i < j`` is
    ``I(X_i; X_j | X_K) >= 0`` for a mask ``K`` avoiding ``i, j``."""
    full = (1 << n) - 1
    out = [(i, i, full & ~(1 << i)) for i in range(n)]
    for i, j in combinations(range(n), 2):
        rest = [k for k in range(n) if k not in (i, j)]
        for r in range(len(rest) + 1):
            for ks in combinations(rest, r):
                out.append((i, j, sum(1 << k for k in ks)))
    return out


def _elemental_row(space: EntropySpace, term: tuple[int, int, int]) -> np.ndarray:
    i, j, k = term
    if i == j:
        return _row(space, [(k | 1 << i, 1), (k, -1)])
    return _row(space, [(k | 1 << i, 1), (k | 1 << j, 1), (k | 1 << i | 1 << j, -1), (k, -1)])


def _check_term(n: int, term) -> None:
    i, j, k = (int(t) for t in term)
    full = (1 << n) - 1
    if not (0 <= i <= j < n) or k & ~full:
        raise ValueError(f"{term!r} is not an elemental inequality of {n} variables")
    if i == j and k != full & ~(1 << i):
        raise ValueError(f"{term!r}: H(X_i | rest) needs K = all other variables")
    if i != j and k >> i & 1 | k >> j & 1:
        raise ValueError(f"{term!r}: the conditioning set contains i or j")


def extension_equations(space: EntropySpace, z: int, x: int, y: int) -> np.ndarray:
    """The three equations (rows ``e`` meaning ``e.h = 0``) making variable ``z`` the common
    information of the subsets ``x`` and ``y`` (bitmasks of variables before ``z``)."""
    zb = 1 << z
    return np.array([
        _row(space, [(x | zb, 1), (x, -1)]),
        _row(space, [(y | zb, 1), (y, -1)]),
        _row(space, [(zb, 1), (x, -1), (y, -1), (x | y, 1)]),
    ])


def _check_extensions(n: int, extensions) -> tuple[tuple[int, int], ...]:
    out = []
    for t, pair in enumerate(extensions):
        x, y = (int(v) for v in pair)
        prior = (1 << (n + t)) - 1
        if not x or not y or x & ~prior or y & ~prior:
            raise ValueError(f"extension {t}: subsets {x:#b}, {y:#b} must be non-empty masks of the first {n + t} variables")
        out.append((x, y))
    return tuple(out)


def lift(coefficients, n: int, m: int) -> np.ndarray:
    """An inequality on ``n`` variables as a row on ``m >= n`` variables (same subsets)."""
    small, big = EntropySpace(n, pure=False), EntropySpace(m, pure=False)
    out = np.zeros(big.dim, dtype=object)
    for mask, c in zip(small.masks, coefficients):
        out[big.index[int(mask)]] = c
    return out


# -- the certificate ---------------------------------------------------------------------
@register_certificate_kind("common-information")
@dataclass(frozen=True)
class CommonInformationProof:
    """``inequality`` (integer row on ``n`` variables, meaning ``row . h >= 0``) is implied on
    ``n + len(extensions)`` variables by the elemental inequalities ``elemental`` (triples of
    :func:`elemental_terms`, with non-negative multipliers) and the common-information
    equations (``3 * t + r`` is equation ``r`` of :func:`extension_equations` for extension
    ``t``, any sign).  ``extensions[t] = (X, Y)``: variable ``n + t`` is the common
    information of the subsets ``X`` and ``Y`` of the variables before it.  No extensions
    means a Shannon inequality."""

    n: int
    inequality: tuple[int, ...]
    extensions: tuple[tuple[int, int], ...]
    elemental: tuple[tuple[tuple[int, int, int], Fraction], ...]
    equations: tuple[tuple[int, Fraction], ...]

    @property
    def variables(self) -> int:
        return self.n + len(self.extensions)

    def verify(self, row=None) -> bool:
        """Exact recombination: ``sum y_e * elemental_e + sum z_q * equation_q == lifted
        inequality`` with every ``y_e >= 0``; with ``row``, also that it is the proved one."""
        if row is not None and tuple(primitive(list(row))) != tuple(primitive(list(self.inequality))):
            return False
        m = self.variables
        space = EntropySpace(m, pure=False)
        ext = _check_extensions(self.n, self.extensions)
        eqs = np.concatenate([extension_equations(space, self.n + t, x, y) for t, (x, y) in enumerate(ext)]) \
            if ext else np.zeros((0, space.dim), dtype=np.int64)
        total = np.zeros(space.dim, dtype=object) * Fraction(0)
        for term, y in self.elemental:
            _check_term(m, term)
            if as_fraction(y) < 0:
                return False
            total = total + _elemental_row(space, term).astype(object) * as_fraction(y)
        for q, z in self.equations:
            total = total + eqs[int(q)].astype(object) * as_fraction(z)
        target = lift([as_fraction(c) for c in self.inequality], self.n, m)
        return all(Fraction(a) == Fraction(b) for a, b in zip(total, target))

    def permuted(self, party_permutation: Sequence[int]) -> "CommonInformationProof":
        """The proof of the inequality with parties renamed ``i -> p[i]`` (new coefficient of
        ``p(S)`` = old coefficient of ``S``); the added variables keep their places."""
        p = [int(v) for v in party_permutation] + list(range(self.n, self.variables))
        if sorted(p[: self.n]) != list(range(self.n)):
            raise ValueError(f"{list(party_permutation)} is not a permutation of the {self.n} parties")
        space = EntropySpace(self.n, pure=False)
        new = [0] * space.dim
        for mask, c in zip(space.masks, self.inequality):
            new[space.index[_image(int(mask), p)]] = c
        terms = []
        for (i, j, k), y in self.elemental:
            i2, j2 = sorted((p[i], p[j]))
            terms.append(((i2, j2, _image(k, p)), y))
        ext = tuple((_image(x, p), _image(y, p)) for x, y in self.extensions)
        return CommonInformationProof(self.n, tuple(new), ext, tuple(terms), self.equations)

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "inequality": list(self.inequality),
            "extensions": [list(e) for e in self.extensions],
            "elemental": [[list(t), str(y)] for t, y in self.elemental],
            "equations": [[q, str(z)] for q, z in self.equations],
        }

    @classmethod
    def from_json(cls, data: dict) -> "CommonInformationProof":
        return cls(
            int(data["n"]),
            tuple(int(c) for c in data["inequality"]),
            tuple((int(x), int(y)) for x, y in data["extensions"]),
            tuple((tuple(int(v) for v in t), Fraction(y)) for t, y in data["elemental"]),
            tuple((int(q), Fraction(z)) for q, z in data["equations"]),
        )

    def describe(self, labels: str | None = None) -> str:
        """Human-readable extensions, e.g. ``"Z1 = common information of A and B"``."""
        names = list(labels or "ABCDEFGHIJKLMN"[: self.n])
        parts = []
        for t, (x, y) in enumerate(self.extensions):
            z = f"Z{t + 1}"
            sub = lambda mask: "".join(names[i] for i in range(len(names)) if mask >> i & 1)
            parts.append(f"{z} = common information of {sub(x)} and {sub(y)}")
            names.append(z)
        return "; ".join(parts) if parts else "Shannon"


# -- the prover --------------------------------------------------------------------------
_SYSTEMS: dict = {}


def _cached_elemental(m: int):
    if m not in _SYSTEMS:
        space = EntropySpace(m, pure=False)
        terms = elemental_terms(m)
        _SYSTEMS[m] = (space, terms, np.array([_elemental_row(space, t) for t in terms]))
    return _SYSTEMS[m]


def _checked_row(inequality, n: int) -> list[int]:
    a = [int(v) for v in primitive(list(inequality))]
    if len(a) != (1 << n) - 1:
        raise ValueError(f"inequality has {len(a)} coefficients, expected {(1 << n) - 1} for n={n}")
    if not any(a):
        raise ValueError("the zero row is not an inequality")
    return a


def prove_with(inequality, n: int, extensions: Sequence[tuple[int, int]] = ()) -> CommonInformationProof | None:
    """A proof of ``inequality`` (row on ``n`` variables) using exactly these extensions, or None."""
    a = _checked_row(inequality, n)
    ext = _check_extensions(n, extensions)
    m = n + len(ext)
    space, terms, rows = _cached_elemental(m)
    eqs = np.concatenate([extension_equations(space, n + t, x, y) for t, (x, y) in enumerate(ext)]) \
        if ext else np.zeros((0, space.dim), dtype=np.int64)
    target = lift(a, n, m).astype(np.int64)
    if not _feasible(rows, target, eqs):
        return None
    found = implied(rows, target, eqs)
    if found is None:
        return None
    proof = CommonInformationProof(
        n, tuple(a), ext,
        tuple((terms[i], Fraction(v)) for i, v in zip(found.indices, found.values)),
        tuple((q, Fraction(v)) for q, v in zip(found.free_indices, found.free_values)),
    )
    if not proof.verify():
        raise RuntimeError(f"LP multipliers for {a} failed the exact recombination")
    return proof


def _feasible(rows: np.ndarray, target: np.ndarray, eqs: np.ndarray) -> bool:
    """Floating-point screen (scipy HiGHS): can ``y >= 0, z`` solve ``y rows + z eqs = target``?
    Only a search filter; a positive answer is then certified by ``polytopes.lp.implied``."""
    k = len(rows)
    a_eq = np.concatenate([rows, eqs]).T.astype(float)
    bounds = [(0, None)] * k + [(None, None)] * len(eqs)
    res = linprog(np.zeros(k + len(eqs)), A_eq=a_eq, b_eq=target.astype(float), bounds=bounds, method="highs")
    return res.status == 0


def party_stabilizer(inequality, n: int) -> list[tuple[int, ...]]:
    """Party permutations ``p`` (``p[i]`` = image of party i) fixing the inequality."""
    space = EntropySpace(n, pure=False)
    a = np.asarray(inequality, dtype=np.int64)
    keep = []
    for p in permutations(range(n)):
        g = space.coordinate_permutation(p)
        if np.array_equal(a[g], a):
            keep.append(p)
    return keep


def _image(mask: int, p: Sequence[int]) -> int:
    return sum(1 << p[i] for i in range(len(p)) if mask >> i & 1)


def candidate_pairs(n: int, stabilizer: Sequence[Sequence[int]] = ()) -> list[tuple[int, int]]:
    """Unordered pairs ``(X, Y)`` of non-empty subsets of ``n`` variables, neither containing
    the other (otherwise the common information is one of them), one per orbit of the party
    permutations ``stabilizer``; smaller subsets first."""
    full = 1 << n
    perms = [tuple(range(n))] + [tuple(p) for p in stabilizer]
    seen, out = set(), []
    for x in range(1, full):
        for y in range(x + 1, full):
            if x & y in (x, y):
                continue
            key = min(tuple(sorted((_image(x, p), _image(y, p)))) for p in perms)
            if key in seen:
                continue
            seen.add(key)
            out.append(key)
    out.sort(key=lambda xy: (bin(xy[0]).count("1") + bin(xy[1]).count("1"), bin(xy[0] & xy[1]).count("1"), xy))
    return out


def prove_by_common_information(inequality, n: int, *, max_extensions: int = 1, max_attempts: int | None = None) -> CommonInformationProof | None:
    """Prove a linear rank inequality on ``n`` variables: Shannon first, then one common
    information of each orbit-representative pair ``(X, Y)`` (under the inequality's party
    stabiliser), then (``max_extensions >= 2``) a second common information of subsets of
    the ``n + 1`` variables.  Returns the first exact certificate, or None."""
    a = _checked_row(inequality, n)
    proof = prove_with(a, n)
    if proof is not None or max_extensions < 1:
        return proof
    attempts = 0
    firsts = candidate_pairs(n, party_stabilizer(a, n))
    for pair in firsts:
        attempts += 1
        if max_attempts is not None and attempts > max_attempts:
            return None
        proof = prove_with(a, n, [pair])
        if proof is not None:
            return proof
    if max_extensions >= 2:
        seconds = [p for p in candidate_pairs(n + 1) if (p[0] | p[1]) >> n]
        for pair in firsts:
            for second in seconds:
                attempts += 1
                if max_attempts is not None and attempts > max_attempts:
                    return None
                proof = prove_with(a, n, [pair, second])
                if proof is not None:
                    return proof
    return None


def cut_by_common_information(point, n: int, inner=()) -> CommonInformationProof | None:
    """A linear rank inequality that ``point`` (a vector on ``n`` variables) violates, proved
    with one common information, or None when the point passes every single extension.

    For each pair ``(X, Y)`` of :func:`candidate_pairs` a floating-point LP asks whether the
    point extends to ``n + 1`` variables (elemental Shannon plus the equations of ``Z`` as the
    common information of ``X`` and ``Y``).  At the first pair where it does not, the valid
    inequalities of that projection with ``a . point = -1`` form a polyhedron, and the LP
    minimising ``sum_r a . r`` over the ``inner`` rays (realised vectors, where a facet of the
    cone must be tight) picks one.  It is rounded to integers and proved exactly
    (:func:`prove_with`); None is also returned when no rounding is proved.
    """
    x = np.asarray(point, dtype=np.int64)
    if len(x) != (1 << n) - 1:
        raise ValueError(f"point has {len(x)} coordinates, expected {(1 << n) - 1} for n={n}")
    space, _, rows = _cached_elemental(n + 1)
    original = np.array([space.index[m] for m in EntropySpace(n, pure=False).masks])
    added = np.setdiff1d(np.arange(space.dim), original)
    inner = np.asarray(inner, dtype=np.int64).reshape(-1, len(x))
    weights = inner.sum(axis=0) + 1e-3 * np.arange(1, len(x) + 1) / len(x)  # generic tie-break
    for pair in candidate_pairs(n):
        system = np.vstack([rows, extension_equations(space, n, *pair)]).astype(float)
        k = len(rows)
        # Does x extend?  G_o x + G_z z >= 0, Q_o x + Q_z z = 0 for some z.
        extends = linprog(np.zeros(len(added)), A_ub=-system[:k, added], b_ub=system[:k, original] @ x,
                          A_eq=system[k:, added], b_eq=-system[k:, original] @ x, bounds=(None, None), method="highs")
        if extends.status == 0:
            continue
        # a = M_o^T w with M_z^T w = 0, w = (y >= 0, free), a . x = -1; minimise a . weights.
        found = linprog(system[:, original] @ weights,
                        A_eq=np.vstack([system[:, added].T, (system[:, original] @ x)[None]]),
                        b_eq=np.r_[np.zeros(len(added)), -1.0],
                        bounds=[(0, None)] * k + [(None, None)] * (len(system) - k), method="highs-ds")
        if found.status != 0:
            continue
        a = system[:, original].T @ found.x
        scale = np.abs(a)[np.abs(a) > 1e-7].min()
        a = [int(v) for v in primitive([Fraction(float(v)).limit_denominator(1000) for v in a / scale])]
        if np.dot(a, x) < 0:
            proof = prove_with(a, n, [pair])
            if proof is not None:
                return proof
    return None
