"""Compare two entropy cones, or two sandwiches ``inner ⊆ C ⊆ outer``, with exact certificates.

For cones ``A`` and ``B`` in the same entropy space, ``A ⊆ B`` is decided from bounds:

* ``inner(A) ⊄ outer(B)`` proves ``A ⊄ B``: a realised ray ``r`` of ``A`` and a proved
  inequality ``f`` of ``B`` with ``f.r < 0`` (a :class:`Separation`);
* ``outer(A) ⊆ inner(B)`` proves ``A ⊆ B``: every ray of ``outer(A)`` satisfies every facet of
  ``inner(B)`` (a :class:`RayCheck`), or every facet of ``inner(B)`` is a non-negative
  rational combination of the inequalities of ``outer(A)`` (a :class:`MultiplierCheck`);
* otherwise the question is open.  For settled cones (``inner == outer``) it is never open.

Separations are reported per orbit of the symmetry group both cones share (``S_{n+1}`` when
both are pure-state cones, ``S_n`` otherwise): the facets of ``B`` invalid on ``A`` with a ray
of ``A`` violating each, and the rays of ``A`` outside ``B`` with a facet of ``B`` each violates.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from polytopes import Cone, PermutationGroup

from cones.core.bounds import EntropyCone
from cones.expressions import Inequality
from cones.space import EntropySpace

PROVED, REFUTED, OPEN = "proved", "refuted", "open"


# -- exact integer arithmetic ----------------------------------------------------------------
def _product(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact ``rows @ cols.T`` (int64 when it cannot overflow, Python ints otherwise)."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    if rows.size == 0 or cols.size == 0:
        return np.zeros((len(rows), len(cols)), dtype=np.int64)
    bound = int(np.abs(rows).max()) * int(np.abs(cols).max()) * rows.shape[1]
    if bound < 2**62:
        return rows.astype(np.int64) @ cols.astype(np.int64).T
    return rows.astype(object) @ cols.astype(object).T


def _as_tuple(row) -> tuple[int, ...]:
    return tuple(int(v) for v in row)


# -- the operands ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Side:
    """One operand: a name, its space and its bounds (``inner is outer`` for an exact cone)."""

    name: str
    space: EntropySpace
    inner: Cone | None
    outer: Cone | None
    settled: bool

    @property
    def latex_name(self) -> str:
        family, _, rest = self.name.partition("(")
        return rf"\textrm{{{family}}}_{{{self.space.n}}}" if rest else rf"\textrm{{{self.name}}}"


def _side(x, space: EntropySpace | None, fallback: EntropySpace | None, name: str | None, default_name: str) -> Side:
    """``space`` is the user's placement of a bare Cone (strict); ``fallback`` the other
    operand's space, used when its dimension fits."""
    if isinstance(x, EntropyCone):
        # A cone defined by inequalities is its outer cone, so its rays lie in it.
        inner = x.outer if x.definition is not None else x.inner
        return Side(name or f"{x.family}({x.space.n})", x.space, inner, x.outer, bool(x.is_exact))
    if isinstance(x, Cone):
        if space is None:
            fits = fallback is not None and fallback.dim == x.ambient_dim
            space = fallback if fits else EntropySpace.of_vector(range(x.ambient_dim), "row of a cone", pure=False)
        if x.ambient_dim != space.dim:
            raise ValueError(f"a cone in dimension {x.ambient_dim} is not in the entropy space of n={space.n} (dimension {space.dim})")
        return Side(name or default_name, space, x, x, True)
    raise TypeError(f"compare() takes EntropyCone or polytopes.Cone operands, got {type(x).__name__}")


# -- certificates ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Separation:
    """``facet . ray < 0``: the ray (realised in the first cone) violates the facet (proved for
    the second), so the ray is outside the second cone.  Orbit sizes are under the shared group."""

    facet: tuple[int, ...]
    ray: tuple[int, ...]
    value: int
    facet_orbit_size: int
    ray_orbit_size: int

    def verify(self) -> bool:
        """Exact re-evaluation of ``facet . ray``."""
        return sum(a * b for a, b in zip(self.facet, self.ray)) == self.value < 0


@dataclass(frozen=True)
class RayCheck:
    """Every ray (and line, both signs) of ``X`` satisfies every inequality (and equation) of
    ``Y``, so ``X ⊆ Y``.  ``verify`` recomputes the whole slack matrix exactly."""

    rays: np.ndarray = field(repr=False)
    lines: np.ndarray = field(repr=False)
    inequalities: np.ndarray = field(repr=False)
    equations: np.ndarray = field(repr=False)

    def verify(self) -> bool:
        return bool(
            np.all(_product(self.rays, self.inequalities) >= 0)
            and not np.any(_product(self.lines, self.inequalities))
            and not np.any(_product(self.rays, self.equations))
            and not np.any(_product(self.lines, self.equations))
        )

    def __str__(self) -> str:
        return (f"{len(self.rays)} rays and {len(self.lines)} lines satisfy "
                f"{len(self.inequalities)} inequalities and {len(self.equations)} equations")


@dataclass(frozen=True)
class MultiplierCheck:
    """Every inequality of ``Y`` is a non-negative rational combination of the H-representation
    of ``X`` (``polytopes.lp.implied``), so ``X ⊆ Y``; ``multipliers`` maps facet -> multipliers."""

    multipliers: dict = field(repr=False)

    def verify(self) -> bool:
        return all(m.check() for m in self.multipliers.values())

    def __str__(self) -> str:
        return f"LP multipliers for each of {len(self.multipliers)} facets"


# -- one direction ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Containment:
    """Is ``contained ⊆ container``?  ``status`` is proved / refuted / open; ``basis`` says which
    bounds decided it; for a refutation ``facets_invalid`` (one per facet orbit of the container
    violated by the contained) and ``rays_outside`` (one per ray orbit of the contained outside
    the container) list :class:`Separation` witnesses."""

    contained: Side
    container: Side
    status: str
    basis: str
    certificate: RayCheck | MultiplierCheck | Separation | None
    facets_invalid: tuple[Separation, ...] = ()
    rays_outside: tuple[Separation, ...] = ()
    facets_invalid_total: int = 0
    rays_outside_total: int = 0

    @property
    def holds(self) -> bool | None:
        """True (proved), False (refuted) or None (open)."""
        return {PROVED: True, REFUTED: False, OPEN: None}[self.status]


def _expanded_h(cone: Cone) -> np.ndarray:
    return np.vstack([cone.inequalities, cone.equations, -np.asarray(cone.equations)]).astype(np.int64)


def _expanded_v(cone: Cone) -> np.ndarray:
    return np.vstack([cone.rays, cone.lines, -np.asarray(cone.lines)]).astype(np.int64)


def _pick(rows: np.ndarray, orbit) -> int:
    """Index of the orbit's canonical representative among ``rows`` (else its first member)."""
    rep = _as_tuple(orbit.representative)
    for i in orbit.members:
        if _as_tuple(rows[i]) == rep:
            return i
    return orbit.members[0]


def _separations(x: Side, y: Side, space: EntropySpace) -> tuple[tuple, tuple, int, int]:
    """Witnesses of ``inner(x) ⊄ outer(y)``, per orbit under ``space.group``: each facet orbit
    shown by its fewest-terms member when it is among the violated facets (else the canonical
    representative), each ray orbit by its canonical representative."""
    group = space.group
    rays, facets = _expanded_v(x.inner), _expanded_h(y.outer)
    slack = _product(rays, facets)  # rays x facets
    bad = slack < 0
    bad_facets = np.flatnonzero(bad.any(axis=0))
    bad_rays = np.flatnonzero(bad.any(axis=1))
    if not len(bad_facets):
        return (), (), 0, 0
    ray_orbit_size = {}
    for orbit in group.orbits(rays[bad_rays]):
        for i in orbit.members:
            ray_orbit_size[int(bad_rays[i])] = orbit.size
    facet_orbit_size = {}
    for orbit in group.orbits(facets[bad_facets]):
        for i in orbit.members:
            facet_orbit_size[int(bad_facets[i])] = orbit.size

    def separation(r: int, f: int) -> Separation:
        return Separation(_as_tuple(facets[f]), _as_tuple(rays[r]), int(slack[r, f]), facet_orbit_size[f], ray_orbit_size[r])

    by_facet = []
    position = {_as_tuple(facets[f]): int(f) for f in bad_facets}
    for orbit in group.orbits(facets[bad_facets]):
        f = int(bad_facets[_pick(facets[bad_facets], orbit)])
        printed = Inequality(space, list(facets[f])).fewest_terms().row
        f = position.get(tuple(printed), f)
        by_facet.append(separation(int(np.flatnonzero(bad[:, f])[0]), f))
    by_ray = []
    for orbit in group.orbits(rays[bad_rays]):
        r = int(bad_rays[_pick(rays[bad_rays], orbit)])
        by_ray.append(separation(r, int(np.flatnonzero(bad[r])[0])))
    return tuple(by_facet), tuple(by_ray), len(bad_facets), len(bad_rays)


def _inclusion_certificate(x: Cone, y: Cone, method: str) -> RayCheck | MultiplierCheck | None:
    """A certificate of ``x ⊆ y`` or None if it fails."""
    if method == "multipliers":
        from polytopes.lp import implied

        found = {}
        for row in _expanded_h(y):
            m = implied(x.inequalities, row, x.equations)
            if m is None:
                return None
            found[_as_tuple(row)] = m
        return MultiplierCheck(found)
    check = RayCheck(x.rays, x.lines, y.inequalities, y.equations)
    return check if check.verify() else None


def _containment(x: Side, y: Side, space: EntropySpace, method: str) -> Containment:
    exact = x.settled and y.settled
    if x.inner is not None and y.outer is not None:
        by_facet, by_ray, n_facets, n_rays = _separations(x, y, space)
        if by_facet:
            basis = ("an extreme ray of the first violates a facet of the second" if exact else
                     "a realised ray of the first (inner bound) violates a proved inequality of the second (outer bound)")
            return Containment(x, y, REFUTED, basis, by_facet[0], by_facet, by_ray, n_facets, n_rays)
    if x.outer is not None and y.inner is not None:
        certificate = _inclusion_certificate(x.outer, y.inner, method)
        if certificate is not None:
            basis = ("every extreme ray of the first satisfies every facet of the second" if exact else
                     "the outer bound of the first lies in the inner bound of the second")
            return Containment(x, y, PROVED, basis, certificate)
    if x.inner is None or y.outer is None:
        basis = "no realised rays of the first or no proved inequalities of the second are known"
    else:
        basis = ("every realised ray of the first satisfies every proved inequality of the second, "
                 "but the outer bound of the first is not inside the inner bound of the second")
    return Containment(x, y, OPEN, basis, None)


# -- the report ------------------------------------------------------------------------------
_SYMBOL = {PROVED: ("⊆", r"\subseteq"), REFUTED: ("⊄", r"\not\subseteq"), OPEN: ("⊆?", r"\overset{?}{\subseteq}")}


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: both directions of containment and the verdict."""

    a: Side
    b: Side
    group: PermutationGroup
    a_in_b: Containment
    b_in_a: Containment

    @property
    def equal(self) -> bool | None:
        """True if ``A = B`` is proved, False if refuted, None if open."""
        holds = (self.a_in_b.holds, self.b_in_a.holds)
        if False in holds:
            return False
        return True if holds == (True, True) else None

    @property
    def relation(self) -> str:
        """``"A = B"``, ``"A ⊊ B"``, ``"B ⊊ A"``, ``"incomparable"`` or a partial statement."""
        a, b = self.a.name, self.b.name
        ab, ba = self.a_in_b.holds, self.b_in_a.holds
        known = {
            (True, True): f"{a} = {b}",
            (True, False): f"{a} ⊊ {b}",
            (False, True): f"{b} ⊊ {a}",
            (False, False): f"{a} and {b} are incomparable",
        }
        if (ab, ba) in known:
            return known[(ab, ba)]
        parts = [self._phrase(self.a_in_b), self._phrase(self.b_in_a)]
        return "; ".join(parts)

    @staticmethod
    def _phrase(c: Containment) -> str:
        return f"{c.contained.name} {_SYMBOL[c.status][0]} {c.container.name}" + (" (open)" if c.status == OPEN else "")

    # -- witnesses as text / LaTeX ------------------------------------------------------------
    def _facet(self, row, style: str) -> str:
        ineq = Inequality(self.a.space, list(row))
        return ineq.to_latex() if style == "latex" else ineq.to_text()

    @staticmethod
    def _ray(row) -> str:
        return "(" + ", ".join(str(v) for v in row) + ")"

    def _lines(self, style: str) -> list[tuple[str, list[str]]]:
        """Section title and items, rendered with ``style`` ('text' or 'latex') for formulas."""
        sections = []
        for c in (self.a_in_b, self.b_in_a):
            x, y = c.contained.name, c.container.name
            head = f"{x} ⊆ {y}: {c.status} — {c.basis}"
            items = []
            if c.status == PROVED:
                items.append(f"certificate: {c.certificate}")
            if c.facets_invalid:
                items.append(f"{_count(c.facets_invalid_total, 'facet')} of {y} in {_count(len(c.facets_invalid), 'orbit')} "
                             f"{'are' if c.facets_invalid_total > 1 else 'is'} invalid on {x}:")
                for s in c.facets_invalid:
                    items.append(f"  {self._facet(s.facet, style)}  [orbit {s.facet_orbit_size}] violated by ray {self._ray(s.ray)} (value {s.value})")
            if c.rays_outside:
                items.append(f"{_count(c.rays_outside_total, 'ray')} of {x} in {_count(len(c.rays_outside), 'orbit')} "
                             f"{'lie' if c.rays_outside_total > 1 else 'lies'} outside {y}:")
                for s in c.rays_outside:
                    items.append(f"  ray {self._ray(s.ray)}  [orbit {s.ray_orbit_size}] violates {self._facet(s.facet, style)} (value {s.value})")
            sections.append((head, items))
        return sections

    def _header(self) -> str:
        kinds = ", ".join(f"{s.name} {'exact' if s.settled else 'bounds (inner ⊆ cone ⊆ outer)'}" for s in (self.a, self.b))
        return f"Comparison in n={self.a.space.n} ({kinds}); orbits under a group of order {self.group.order}"

    def to_text(self) -> str:
        out = [self._header(), f"verdict: {self.relation}"]
        for head, items in self._lines("text"):
            out.append(head)
            out.extend("  " + item for item in items)
        return "\n".join(out)

    __str__ = to_text

    def to_markdown(self) -> str:
        out = [f"**{self._header()}**", "", f"**Verdict:** {self.relation}", ""]
        for head, items in self._lines("text"):
            out.append(f"- {head}")
            out.extend(f"    - `{item.strip()}`" if item.startswith("  ") else f"  - {item}" for item in items)
        return "\n".join(out)

    def to_latex(self) -> str:
        """A LaTeX fragment (``itemize`` with the witnesses in math mode)."""
        a, b = self.a.latex_name, self.b.latex_name
        out = [rf"\paragraph{{{_latex_escape(self.relation)}}}", r"\begin{itemize}"]
        for c, (x, y) in ((self.a_in_b, (a, b)), (self.b_in_a, (b, a))):
            out.append(rf"\item ${x} {_SYMBOL[c.status][1]} {y}$: {c.status} ({_latex_escape(c.basis)}).")
            witnesses = [(s.facet, s.ray, s.facet_orbit_size, s.value) for s in c.facets_invalid]
            if witnesses:
                out.append(r"\begin{itemize}")
                for facet, ray, size, value in witnesses:
                    out.append(rf"\item ${self._facet(facet, 'latex')}$ (orbit {size}) is violated by "
                               rf"${self._ray(ray)}$, value ${value}$.")
                out.append(r"\end{itemize}")
        out.append(r"\end{itemize}")
        return "\n".join(out)

    def to_dataframe(self):
        """One row per direction: status, basis, certificate, and counts of separating orbits."""
        import pandas as pd

        rows = []
        for c in (self.a_in_b, self.b_in_a):
            rows.append({
                "question": f"{c.contained.name} ⊆ {c.container.name}",
                "status": c.status,
                "certificate": str(c.certificate) if c.status == PROVED else ("separation" if c.status == REFUTED else ""),
                "facet orbits invalid": len(c.facets_invalid),
                "facets invalid": c.facets_invalid_total,
                "ray orbits outside": len(c.rays_outside),
                "rays outside": c.rays_outside_total,
                "basis": c.basis,
            })
        return pd.DataFrame(rows)

    def witnesses(self):
        """One row per separating orbit (facet orbits and ray orbits, both directions)."""
        import pandas as pd

        rows = []
        for c in (self.a_in_b, self.b_in_a):
            for what, seps in (("facet orbit", c.facets_invalid), ("ray orbit", c.rays_outside)):
                for s in seps:
                    rows.append({
                        "question": f"{c.contained.name} ⊆ {c.container.name}",
                        "witness": what,
                        "facet": self._facet(s.facet, "text"),
                        "facet orbit size": s.facet_orbit_size,
                        "ray": self._ray(s.ray),
                        "ray orbit size": s.ray_orbit_size,
                        "facet · ray": s.value,
                    })
        return pd.DataFrame(rows, columns=["question", "witness", "facet", "facet orbit size", "ray", "ray orbit size", "facet · ray"])

    # -- Jupyter -------------------------------------------------------------------------------
    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        a, b = self.a.latex_name, self.b.latex_name
        return rf"${a} {_SYMBOL[self.a_in_b.status][1]} {b},\quad {b} {_SYMBOL[self.b_in_a.status][1]} {a}$"

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self.relation)}</b><br><small>{html.escape(self._header())}</small></p>"
        table = self.to_dataframe().to_html(index=False, escape=True)
        witnesses = self.witnesses()
        return head + table + (witnesses.to_html(index=False, escape=True) if len(witnesses) else "")


def _count(k: int, noun: str) -> str:
    return f"{k} {noun}{'' if k == 1 else 's'}"


def _latex_escape(text: str) -> str:
    for plain, escaped in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#"),
                           ("⊊", r"$\subsetneq$"), ("⊆", r"$\subseteq$"), ("⊄", r"$\not\subseteq$"), ("—", "---")):
        text = text.replace(plain, escaped)
    return text


def _common_space(a: EntropySpace, b: EntropySpace) -> EntropySpace:
    """The space whose group both cones share: pure (``S_{n+1}``) if both are, else classical (``S_n``)."""
    return a if a.pure and b.pure else (a if not a.pure else b)


def compare(A, B, *, space: EntropySpace | None = None, names: tuple[str, str] | None = None,
            method: str = "rays") -> Comparison:
    """Compare ``A`` and ``B`` (each an :class:`EntropyCone` or a ``polytopes.Cone``).

    ``space`` places bare ``Cone`` operands (default: the other operand's space, else the
    classical space of their dimension).  ``method`` decides inclusions by the rays of the
    smaller cone (``"rays"``) or by LP multipliers for each facet of the larger
    (``"multipliers"``, ``polytopes.lp.implied``).  Different ``n`` is a ValueError.
    """
    if method not in ("rays", "multipliers"):
        raise ValueError(f"method must be 'rays' or 'multipliers', got {method!r}")
    names = names or (None, None)
    fallback = next((x.space for x in (A, B) if isinstance(x, EntropyCone)), None)
    a = _side(A, space, fallback, names[0], "A")
    b = _side(B, space, fallback, names[1], "B")
    if a.space.n != b.space.n:
        raise ValueError(f"cannot compare cones with different numbers of parties: {a.name} has n={a.space.n}, {b.name} has n={b.space.n}")
    common = _common_space(a.space, b.space)
    return Comparison(a, b, common.group, _containment(a, b, common, method), _containment(b, a, common, method))


# -- command line: ``cones compare FAMILY_A FAMILY_B -n N`` -----------------------------------
def add_compare_subparser(subparsers):
    """Add the ``compare`` verb to an argparse sub-parser collection (dispatch via ``args.func``)."""
    import argparse

    parser = subparsers.add_parser(
        "compare",
        help="compare two cone families at the same n",
        description="Compare two cone families: containment each way with certificates, separating "
                    "facet and ray orbits.  Exit 0 if FAMILY_A ⊆ FAMILY_B is proved, 1 if it is refuted "
                    "or open, 2 on bad input.",
        epilog="examples:\n  cones compare holographic hypergraph -n 4\n"
               "  cones compare ssa holographic-outer -n 3 --format markdown",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("family_a", metavar="FAMILY_A")
    parser.add_argument("family_b", metavar="FAMILY_B")
    parser.add_argument("-n", type=int, required=True, metavar="N", help="number of parties (the purifier not counted)")
    parser.add_argument("--format", choices=("text", "markdown", "latex"), default="text")
    parser.add_argument("--method", choices=("rays", "multipliers"), default="rays",
                        help="decide inclusions by rays (default) or by LP multipliers")
    parser.set_defaults(func=run_compare_command)
    return parser


def run_compare_command(args) -> int:
    """Build (or load from the store) both families, print the report, return the exit code."""
    from cones.interface.store import cached_build

    report = compare(cached_build(args.family_a, args.n), cached_build(args.family_b, args.n), method=args.method)
    print({"text": report.to_text, "markdown": report.to_markdown, "latex": report.to_latex}[args.format]())
    return 0 if report.a_in_b.holds else 1
