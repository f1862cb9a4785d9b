"""Is an entropy vector in a cone?  Yes with exact multipliers over the rays, no with the violated facet.

For a cone known exactly (defined or settled) one of the two always holds.  For a sandwich the
inner bound can say yes (the vector is a non-negative combination of realised rays) and the
outer bound can say no (a proved inequality fails); otherwise the answer is ``undecided``.
Every answer names the bound that decided it (DESIGN.md, "Bounds").
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from polytopes import member

from cones.expressions import Inequality


@dataclass(frozen=True)
class Membership:
    """``answer`` is ``yes``, ``no`` or ``undecided``; ``multipliers`` (``{ray: weight}``, exact,
    non-negative) certify yes, ``facet`` (an :class:`Inequality` with ``facet . x < 0``) certifies no."""

    answer: str
    vector: tuple[Fraction, ...]
    family: str
    bound: str
    multipliers: dict | None = None
    facet: Inequality | None = None

    def __bool__(self) -> bool:
        return self.answer == "yes"

    def verify(self) -> bool:
        """Exact re-check of the certificate (False when undecided)."""
        if self.answer == "yes":
            total = [Fraction(0)] * len(self.vector)
            for ray, w in self.multipliers.items():
                if w < 0:
                    return False
                total = [t + w * r for t, r in zip(total, ray)]
            return tuple(total) == self.vector
        if self.answer == "no":
            return self.facet.evaluate(self.vector) < 0
        return False

    def describe(self) -> str:
        if self.answer == "yes":
            terms = " + ".join(f"{w} x {list(r)}" for r, w in self.multipliers.items()) or "0"
            return f"yes: in the {self.family} cone ({self.bound}); x = {terms}"
        if self.answer == "no":
            value = self.facet.evaluate(self.vector)
            return f"no: violates the facet {self.facet.to_text()} of the {self.family} cone ({self.bound}); value {value}"
        return f"undecided: the {self.family} cone is a {self.bound}; the vector satisfies the outer bound but is not a combination of the inner rays"

    def to_json(self) -> dict:
        return {"answer": self.answer, "family": self.family, "bound": self.bound, "vector": [str(v) for v in self.vector],
                "multipliers": None if self.multipliers is None else [[list(r), str(w)] for r, w in self.multipliers.items()],
                "facet": None if self.facet is None else list(self.facet.row)}


def _violated_facet(cone, x: list[Fraction]) -> Inequality | None:
    source = cone.outer
    for row in source.inequalities.tolist():
        if sum(a * v for a, v in zip(row, x)) < 0:
            return Inequality(cone.space, row)
    for row in source.equations.tolist():
        value = sum(a * v for a, v in zip(row, x))
        if value:
            return Inequality(cone.space, row if value < 0 else [-a for a in row])
    return None


def _combination(rays, lines, x) -> dict | None:
    found = member(rays, x, lines)
    if found is None:
        return None
    out = {tuple(int(v) for v in rays[i]): w for i, w in zip(found.indices, found.values) if w}
    for j, w in zip(found.free_indices, found.free_values):
        if w:  # a line used with a negative weight is its opposite ray
            line = tuple(int(v) for v in lines[j])
            out[line if w > 0 else tuple(-v for v in line)] = abs(w)
    return out


def contains(cone, vector) -> Membership:
    """Decide whether ``vector`` (a sequence or ``{subset: value}``, exact) is in ``cone``.

    >>> from cones.core.outer import shannon_cone
    >>> gamma = shannon_cone(2)
    >>> contains(gamma, [1, 1, 1]).answer, contains(gamma, [1, 1, 3]).answer
    ('yes', 'no')
    """
    x = cone.space.check_vector(vector)
    vec = tuple(x)
    if cone.outer is not None and (facet := _violated_facet(cone, x)) is not None:
        bound = "exact" if cone.is_exact else "outer bound"
        return Membership("no", vec, cone.family, bound, facet=facet)
    source = cone.outer if cone.is_exact else cone.inner
    if source is not None:
        found = _combination(source.rays, source.lines, x)
        if found is not None:
            return Membership("yes", vec, cone.family, "exact" if cone.is_exact else "inner bound", multipliers=found)
        if cone.is_exact:
            raise AssertionError("a vector satisfying every facet must be a combination of the rays")
    return Membership("undecided", vec, cone.family, cone.status)
