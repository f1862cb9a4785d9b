"""Exact entropies of abelian Chern-Simons link states.

U(1)_k Chern-Simons theory (equivalently the Z_k gauge theory) on the complement of an
``m``-component link in S^3 prepares a pure state on the ``m`` boundary tori.  For a
bipartition of the components into sublinks ``A`` and its complement, Balasubramanian,
Fliss, Leigh and Parrikar (arXiv:1611.05460) find

    S(A) = log(k^|A| / |ker G|) = log |image of G mod k|,

``G`` the block of Gauss linking numbers between ``A`` and the complement, read as a map
``Z_k^|A| -> Z_k^|complement|``.  The state is a stabilizer state (arXiv:2510.18408), so its
spectrum is flat and every Rényi entropy equals ``S``.  The image size comes from the Smith
normal form of ``G`` over the integers (python-flint's ``fmpz_mat.snf``): with invariant
factors ``d_i``, ``|image| = prod_i k / gcd(d_i, k)``.  For a prime ``k = p`` this is
``p^rank_Fp(G)``: the entropy vector is an integer vector in units of ``log p``, that of the
qudit graph state with adjacency matrix ``G mod p``.  For composite ``k`` the entropy is
``sum_p e_p log p`` with integer ``e_p``; the ``p``-parts are entropy vectors in their own
right (of the ``Z_{p^a}`` factor of ``Z_k``).

Links whose Gauss linking numbers all vanish, such as the Whitehead link and the Borromean
rings, give product states here for every ``k``; non-abelian theories (SU(2)_k) do see them,
and are not computed.

This is the computable link model.  The topological min-cut entropy of arXiv:2109.01150
(Bao, Cheng, Hernández-Cuenca, Su) needs answers to hard knot-theory questions (which
surfaces separate which sublinks) and is not computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
import sympy

from cones.links.linking import Link


def image_size(matrix, k: int) -> int:
    """``|image of matrix mod k|`` for an integer matrix read as a map of ``Z_k`` modules.

    Examples
    --------
    >>> image_size([[2, 4]], 6), image_size([[3], [0]], 3)
    (3, 1)
    """
    import flint

    k = _level(k)
    matrix = np.array(matrix, dtype=object)
    if matrix.size == 0:
        return 1
    snf = flint.fmpz_mat([[int(v) for v in row] for row in matrix]).snf()
    size = 1
    for i in range(min(snf.nrows(), snf.ncols())):
        d = int(snf[i, i])
        size *= k // gcd(d, k)  # a zero factor: gcd(0, k) = k adds nothing
    return size


@dataclass(frozen=True)
class AbelianEntropyVector:
    """The entropy vector of a U(1)_k link state as an exact combination of logs of primes:
    ``S = sum_p exponents[p] * log p``, one integer vector per prime factor of ``k``.

    Examples
    --------
    >>> from cones.links.linking import Link
    >>> vector = abelian_entropy_vector(Link.from_matrix([[0, 1], [1, 0]]), 6)
    >>> vector.exponents
    {2: (1,), 3: (1,)}
    >>> str(vector)
    'S(A) = log 2 + log 3'
    """

    k: int
    n: int
    exponents: dict[int, tuple[int, ...]]

    def in_units_of_log(self, p: int) -> tuple[int, ...]:
        """The vector in units of ``log p`` (only when ``k`` is a power of the prime ``p``)."""
        if set(self.exponents) - {p}:
            raise ValueError(f"k = {self.k} is not a power of {p}: use .exponents or .value()")
        return self.exponents.get(p, (0,) * ((1 << self.n) - 1))

    def value(self) -> np.ndarray:
        """Floating-point entropies (natural logarithm), for plotting."""
        return sum((np.array(v, dtype=float) * np.log(p) for p, v in self.exponents.items()),
                   np.zeros((1 << self.n) - 1))

    def symbolic(self) -> list:
        """Exact sympy expressions ``sum_p e_p log p``, one per coordinate."""
        return [sum((e[i] * sympy.log(p) for p, e in self.exponents.items()), sympy.Integer(0))
                for i in range((1 << self.n) - 1)]

    def __str__(self) -> str:
        from cones.space import EntropySpace

        names = EntropySpace(self.n).coordinate_names
        return "\n".join(f"S({name}) = {_log_text(self.exponents, i)}" for i, name in enumerate(names))

    def _repr_latex_(self) -> str:
        from cones.space import EntropySpace

        names = EntropySpace(self.n).coordinate_names
        rows = [rf"S({name}) &= {sympy.latex(expr)}" for name, expr in zip(names, self.symbolic())]
        return r"$\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}$"


def abelian_entropy_vector(link: Link, k: int) -> AbelianEntropyVector:
    """Entropy vector of the U(1)_k link state of ``link``: ``S(X) = log |image L_{X, X^c} mod k|``
    for every region ``X`` of the ``n`` parties (cardinality-then-lexicographic order)."""
    k = _level(k)
    sizes = [image_size(link.block(int(mask)), k) for mask in link.space.masks]
    primes = sympy.factorint(k)
    exponents = {p: tuple(sympy.multiplicity(p, s) for s in sizes) for p in sorted(primes)}
    return AbelianEntropyVector(k, link.n, exponents)


def _level(k) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"the level k must be an integer >= 2, got {k!r}")
    return int(k)


def _log_text(exponents: dict[int, tuple[int, ...]], i: int) -> str:
    terms = [("" if e[i] == 1 else f"{e[i]} ") + f"log {p}" for p, e in exponents.items() if e[i]]
    return " + ".join(terms) or "0"
