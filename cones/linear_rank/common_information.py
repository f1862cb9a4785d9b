"""Common-information proofs of linear rank inequalities.

For subspaces ``V_X = sum_{i in X} V_i`` and ``V_Y`` the intersection ``Z = V_X cap V_Y`` is a
*common information* of ``X`` and ``Y``:

    H(Z|X) = 0,   H(Z|Y) = 0,   H(Z) = I(X;Y),

so every linear polymatroid on ``n`` variables extends to one on ``n+1`` variables with these
three equations (and, repeating, to ``n+k`` variables with ``k`` common informations, each of
two subsets of the variables before it).  An inequality on ``n`` variables is therefore a
linear rank inequality as soon as the elemental Shannon inequalities of the extended
variables together with the equations imply it (Hammer-Romashchenko-Shen-Vereshchagin 2000;
Dougherty-Freiling-Zeger, arXiv:0910.0284).  The extended arrangement is again one of
subspaces, so linear rank inequalities already proved hold on it too: substituted into
variables that include the added one (a *lemma*), they strengthen a single extension the way
further common informations would.  The certificate holds the extensions, the lemmas with
their own proofs, and exact rational multipliers; :meth:`CommonInformationProof.verify`
recombines them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, permutations
from typing import Iterable, Sequence

import numpy as np

from polytopes import as_fraction, primitive
from polytopes.lp import implied
from scipy.optimize import linprog

from cones.core.certificate_kinds import register_certificate_kind
from cones.space import EntropySpace


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
    return substituted(coefficients, n, [1 << i for i in range(n)], m)


def substituted(coefficients, n: int, variables: Sequence[int], m: int) -> np.ndarray:
    """The inequality on ``n`` variables with variable ``i`` replaced by the subset
    ``variables[i]`` (a mask) of ``m`` variables: the coefficient of ``S`` moves to the union of
    the substituted subsets (a linear rank inequality stays one: sums of subspaces are subspaces)."""
    small, big = EntropySpace(n, pure=False), EntropySpace(m, pure=False)
    out = np.zeros(big.dim, dtype=object)
    for mask, c in zip(small.masks, coefficients):
        union = 0
        for i in range(n):
            if mask >> i & 1:
                union |= int(variables[i])
        if union:
            out[big.index[union]] += c
    return out


# -- the certificate ---------------------------------------------------------------------
@dataclass(frozen=True)
class Lemma:
    """A proved inequality used inside another proof: ``proof.inequality`` with its variable
    ``i`` replaced by the subset ``variables[i]`` of the extended variables, times ``multiplier``."""

    proof: "CommonInformationProof"
    variables: tuple[int, ...]
    multiplier: Fraction

    def to_json(self) -> dict:
        return {"proof": self.proof.to_json(), "variables": list(self.variables), "multiplier": str(self.multiplier)}

    @classmethod
    def from_json(cls, data: dict) -> "Lemma":
        return cls(CommonInformationProof.from_json(data["proof"]), tuple(int(v) for v in data["variables"]),
                   Fraction(data["multiplier"]))


@register_certificate_kind("common-information")
@dataclass(frozen=True)
class CommonInformationProof:
    """``inequality`` (integer row on ``n`` variables, meaning ``row . h >= 0``) is implied on
    ``n + len(extensions)`` variables by the elemental inequalities ``elemental`` (triples of
    :func:`elemental_terms`, with non-negative multipliers) and the common-information
    equations (``3 * t + r`` is equation ``r`` of :func:`extension_equations` for extension
    ``t``, any sign) and the ``lemmas`` (proved inequalities substituted into the extended
    variables, non-negative multipliers).  ``extensions[t] = (X, Y)``: variable ``n + t`` is
    the common information of the subsets ``X`` and ``Y`` of the variables before it.  No
    extensions means a Shannon inequality."""

    n: int
    inequality: tuple[int, ...]
    extensions: tuple[tuple[int, int], ...]
    elemental: tuple[tuple[tuple[int, int, int], Fraction], ...]
    equations: tuple[tuple[int, Fraction], ...]
    lemmas: tuple[Lemma, ...] = ()

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
        for lemma in self.lemmas:
            k = lemma.proof.n
            if (as_fraction(lemma.multiplier) < 0 or len(lemma.variables) != k
                    or not all(0 < v < 1 << m for v in lemma.variables) or not lemma.proof.verify()):
                return False
            total = total + substituted(lemma.proof.inequality, k, lemma.variables, m) * as_fraction(lemma.multiplier)
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
        lemmas = tuple(Lemma(q.proof, tuple(_image(v, p) for v in q.variables), q.multiplier) for q in self.lemmas)
        return CommonInformationProof(self.n, tuple(new), ext, tuple(terms), self.equations, lemmas)

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "inequality": list(self.inequality),
            "extensions": [list(e) for e in self.extensions],
            "elemental": [[list(t), str(y)] for t, y in self.elemental],
            "equations": [[q, str(z)] for q, z in self.equations],
            **({"lemmas": [q.to_json() for q in self.lemmas]} if self.lemmas else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> "CommonInformationProof":
        return cls(
            int(data["n"]),
            tuple(int(c) for c in data["inequality"]),
            tuple((int(x), int(y)) for x, y in data["extensions"]),
            tuple((tuple(int(v) for v in t), Fraction(y)) for t, y in data["elemental"]),
            tuple((int(q), Fraction(z)) for q, z in data["equations"]),
            tuple(Lemma.from_json(q) for q in data.get("lemmas", ())),
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
        if self.lemmas:
            parts.append(f"{len(self.lemmas)} proved inequalities substituted as lemmas")
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


def lemma_instances(known: Iterable[CommonInformationProof], n: int, m: int) -> tuple[np.ndarray, list[tuple[CommonInformationProof, tuple[int, ...]]]]:
    """The non-Shannon inequalities of ``known`` (proofs on at most ``m`` variables) with their
    variables replaced by distinct single variables of ``m``, at least one of them beyond the
    first ``n`` (instances on the first ``n`` alone say nothing new about the extension's
    added variables): distinct rows on ``m`` variables and, for each, the proof and
    substitution it comes from."""
    key = (tuple(sorted((q.n, q.inequality) for q in known)), n, m)
    if key in _LEMMAS:
        return _LEMMAS[key]
    big = EntropySpace(m, pure=False)
    rows, sources, seen = [], [], set()
    for proof in known:
        k = proof.n
        if not (proof.extensions or proof.lemmas) or k > m:
            continue
        masks = EntropySpace(k, pure=False).masks
        a = np.asarray(proof.inequality, dtype=np.int64)
        for image in permutations(range(m), k):
            if max(image) < n:
                continue
            variables = tuple(1 << v for v in image)
            idx = [big.index[_image(int(mask), image)] for mask in masks]
            row = np.zeros(big.dim, dtype=np.int64)
            row[idx] = a
            t = row.tobytes()
            if t not in seen:
                seen.add(t)
                rows.append(row)
                sources.append((proof, variables))
    out = (np.array(rows, dtype=np.int64).reshape(-1, big.dim), sources)
    _LEMMAS[key] = out
    return out


_LEMMAS: dict = {}


def prove_with(inequality, n: int, extensions: Sequence[tuple[int, int]] = (),
               lemmas: Iterable[CommonInformationProof] = ()) -> CommonInformationProof | None:
    """A proof of ``inequality`` (row on ``n`` variables) using exactly these extensions and,
    as lemmas, the proved inequalities ``lemmas`` substituted into the extended variables
    (:func:`lemma_instances`), or None."""
    a = _checked_row(inequality, n)
    ext = _check_extensions(n, extensions)
    m = n + len(ext)
    space, terms, rows = _cached_elemental(m)
    lemma_rows, sources = lemma_instances(list(lemmas), n, m)
    eqs = np.concatenate([extension_equations(space, n + t, x, y) for t, (x, y) in enumerate(ext)]) \
        if ext else np.zeros((0, space.dim), dtype=np.int64)
    target = lift(a, n, m).astype(np.int64)
    solution = _feasible(np.vstack([rows, lemma_rows]), target, eqs)
    if solution is None:
        return None
    # the exact certificate is sought on the elemental rows and the lemmas the LP used
    used = [j for j in range(len(lemma_rows)) if solution[len(rows) + j] > 1e-9]
    found = implied(np.vstack([rows, lemma_rows[used]]), target, eqs)
    if found is None:
        return None
    elemental, lemma_terms = [], []
    for i, v in zip(found.indices, found.values):
        if i < len(rows):
            elemental.append((terms[i], Fraction(v)))
        else:
            proof, variables = sources[used[i - len(rows)]]
            lemma_terms.append(Lemma(proof, variables, Fraction(v)))
    proof = CommonInformationProof(
        n, tuple(a), ext, tuple(elemental),
        tuple((q, Fraction(v)) for q, v in zip(found.free_indices, found.free_values)),
        tuple(lemma_terms),
    )
    if not proof.verify():
        raise RuntimeError(f"LP multipliers for {a} failed the exact recombination")
    return proof


def _feasible(rows: np.ndarray, target: np.ndarray, eqs: np.ndarray) -> np.ndarray | None:
    """Floating-point screen (scipy HiGHS): ``y >= 0, z`` solving ``y rows + z eqs = target``,
    or None.  Only a search filter; a positive answer is then certified by
    ``polytopes.lp.implied``."""
    k = len(rows)
    a_eq = np.concatenate([rows, eqs]).T.astype(float)
    bounds = [(0, None)] * k + [(None, None)] * len(eqs)
    res = linprog(np.zeros(k + len(eqs)), A_eq=a_eq, b_eq=target.astype(float), bounds=bounds, method="highs")
    return res.x if res.status == 0 else None


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


def prove_by_common_information(inequality, n: int, *, max_extensions: int = 1, max_attempts: int | None = None,
                                 known: Iterable[CommonInformationProof] = ()) -> CommonInformationProof | None:
    """Prove a linear rank inequality on ``n`` variables: Shannon first, then one common
    information of each orbit-representative pair ``(X, Y)`` (under the inequality's party
    stabiliser), then the same with the ``known`` proved inequalities as lemmas on the
    extension, then (``max_extensions >= 2``) a second common information of subsets of the
    ``n + 1`` variables.  Returns the first exact certificate, or None.

    Examples
    --------
    Ingleton is not Shannon-type, but one common information proves it:

    >>> from cones import EntropySpace
    >>> from cones.core.inequality_families import ingleton
    >>> row = next(iter(ingleton(EntropySpace(4, pure=False), representatives=True))).row
    >>> proof = prove_by_common_information(row, 4)
    >>> proof.extensions, proof.verify()
    (((1, 2),), True)

    References: Ingleton (1971); Dougherty, Freiling, Zeger, arXiv:0910.0284.
    """
    a = _checked_row(inequality, n)
    proof = prove_with(a, n)
    if proof is not None or max_extensions < 1:
        return proof
    known = [q for q in known if q.extensions or q.lemmas]
    firsts = candidate_pairs(n, party_stabilizer(a, n))
    tries = [([pair], ()) for pair in firsts]
    if known:
        tries += [([pair], known) for pair in firsts]
    if max_extensions >= 2:
        seconds = [p for p in candidate_pairs(n + 1) if (p[0] | p[1]) >> n]
        tries += [([pair, second], ()) for pair in firsts for second in seconds]
    for count, (ext, lemmas) in enumerate(tries, 1):
        if max_attempts is not None and count > max_attempts:
            return None
        proof = prove_with(a, n, ext, lemmas)
        if proof is not None:
            return proof
    return None


def cut_by_common_information(point, n: int, inner=(), known: Iterable[CommonInformationProof] = ()) -> CommonInformationProof | None:
    """A linear rank inequality that ``point`` (a vector on ``n`` variables) violates, proved
    with one common information (and, failing that, with the ``known`` proved inequalities as
    lemmas on the extension), or None when the point passes every such extension.

    For each pair ``(X, Y)`` of :func:`candidate_pairs` a floating-point LP asks whether the
    point extends to ``n + 1`` variables (elemental Shannon, the lemmas, and the equations of
    ``Z`` as the common information of ``X`` and ``Y``).  At the first pair where it does not,
    the valid inequalities of that projection with ``a . point = -1`` form a polyhedron, and
    the LP minimising ``sum_r a . r`` over the ``inner`` rays (realised vectors, where a facet
    of the cone must be tight) picks one.  It is rounded to integers and proved exactly
    (:func:`prove_with`); None is also returned when no rounding is proved.  Without ``inner``
    rays the symmetric rank vector ``h(S) = |S| (2n + 1 - |S|)`` stands in: a positive
    combination of the uniform matroids, so it lies in the cone and is strict on Shannon.
    """
    x = np.asarray(point, dtype=np.int64)
    if len(x) != (1 << n) - 1:
        raise ValueError(f"point has {len(x)} coordinates, expected {(1 << n) - 1} for n={n}")
    space, _, rows = _cached_elemental(n + 1)
    inner = np.asarray(inner, dtype=np.int64).reshape(-1, len(x))
    if not len(inner):
        size = np.array([bin(int(m)).count("1") for m in EntropySpace(n, pure=False).masks])
        inner = (size * (2 * n + 1 - size))[None]
    weights = inner.sum(axis=0) + 1e-3 * np.arange(1, len(x) + 1) / len(x)  # generic tie-break
    known = [q for q in known if q.extensions or q.lemmas]
    passes = [((), rows.astype(float))]
    if known:
        passes.append((known, np.vstack([rows, lemma_instances(known, n, n + 1)[0]]).astype(float)))
    original = np.array([space.index[m] for m in EntropySpace(n, pure=False).masks])
    added = np.setdiff1d(np.arange(space.dim), original)
    pairs = _cut_order(x, n)
    for lemmas, inequalities in passes:
        for pair in pairs:
            proof = _cut_at(x, n, pair, inequalities, original, added, weights, lemmas)
            if proof is not None:
                recent = _RECENT_CUTS.setdefault(n, [])
                recent[:] = [pair] + [p for p in recent if p != pair][:_RECENT - 1]
                return proof
    return None


#: Per number of variables, the pairs whose common information cut a point lately (most
#: recent first, at most ``_RECENT``): outer rays of one round tend to fall to the same pairs.
_RECENT_CUTS: dict[int, list[tuple[int, int]]] = {}
_RECENT = 32


def _cut_order(x: np.ndarray, n: int) -> list[tuple[int, int]]:
    """The pairs of :func:`candidate_pairs` to try on ``x``: one per orbit of the party
    permutations fixing ``x`` (the extension problems of a pair and of its images are the
    same, the lemma rows being closed under them), those with an image among the recent
    cuts first."""
    stabilizer = party_stabilizer(x, n)
    recent = {p: i for i, p in enumerate(_RECENT_CUTS.get(n, []))}

    def priority(pair):
        images = (tuple(sorted((_image(pair[0], g), _image(pair[1], g)))) for g in stabilizer)
        return min((recent.get(q, len(recent)) for q in images), default=len(recent))

    return sorted(candidate_pairs(n, stabilizer), key=priority)


def _cut_at(x: np.ndarray, n: int, pair: tuple[int, int], inequalities: np.ndarray, original: np.ndarray,
            added: np.ndarray, weights: np.ndarray, lemmas) -> CommonInformationProof | None:
    """The cut of :func:`cut_by_common_information` at one pair (``inequalities`` as floats,
    ``original``/``added`` the coordinates of the ``n`` variables and of the extension), or None."""
    space = EntropySpace(n + 1, pure=False)
    system = np.vstack([inequalities, extension_equations(space, n, *pair)])
    k = len(inequalities)
    # Does x extend?  G_o x + G_z z >= 0, Q_o x + Q_z z = 0 for some z.
    extends = linprog(np.zeros(len(added)), A_ub=-system[:k, added], b_ub=system[:k, original] @ x,
                      A_eq=system[k:, added], b_eq=-system[k:, original] @ x, bounds=(None, None), method="highs")
    if extends.status == 0:
        return None
    # a = M_o^T w with M_z^T w = 0, w = (y >= 0, free), a . x = -1; minimise a . weights.
    found = linprog(system[:, original] @ weights,
                    A_eq=np.vstack([system[:, added].T, (system[:, original] @ x)[None]]),
                    b_eq=np.r_[np.zeros(len(added)), -1.0],
                    bounds=[(0, None)] * k + [(None, None)] * (len(system) - k), method="highs-ds")
    if found.status != 0:
        return None
    a = system[:, original].T @ found.x
    scale = np.abs(a)[np.abs(a) > 1e-7].min()
    a = [int(v) for v in primitive([Fraction(float(v)).limit_denominator(1000) for v in a / scale])]
    if np.dot(a, x) >= 0:
        return None
    return prove_with(a, n, [pair], lemmas)
