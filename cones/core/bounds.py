"""What is known about an entropy cone: an outer bound, an inner bound, or both.

An *outer* bound is an H-representation of proved inequalities, an *inner* bound the
V-representation of realised entropy vectors; the cone is *settled* when they are equal
(DESIGN.md, "Bounds").  A cone *defined* by a list of inequalities (Shannon, SSA, ...) is
known exactly by definition: its ``outer`` is the cone itself and its status says so, while
its rays are computed from the inequalities, not claimed to be realised by any model.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from polytopes import Orbit, PermutationGroup
from polytopes.cone import Cone

from cones.expressions import Inequality
from cones.space import EntropySpace


@dataclass(eq=False)
class EntropyCone:
    """An entropy cone family at one ``n``: bounds, certificates keyed by canonical rows, timings.

    ``definition`` is set (to the defining inequalities, in words) for cones that are defined
    by inequalities; their ``status`` is ``"defined by inequalities"``.  ``undecided`` marks
    bounds whose producer could not finish deciding whether they meet (an enumeration stopped
    at its time limit): they are not taken as settled, and the exact comparison, the very
    computation that did not finish, is not attempted.
    """

    family: str
    space: EntropySpace
    outer: Cone | None = None
    inner: Cone | None = None
    facet_certificates: dict[tuple[int, ...], object] = field(default_factory=dict)
    ray_certificates: dict[tuple[int, ...], object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    notes: str = ""
    definition: str | None = None
    undecided: bool = False

    def __post_init__(self):
        if not isinstance(self.space, EntropySpace):
            raise TypeError(f"space must be an EntropySpace, got {type(self.space).__name__}")
        if self.outer is None and self.inner is None:
            raise ValueError("an entropy cone needs an outer bound, an inner bound or both")
        for name in ("outer", "inner"):
            cone = getattr(self, name)
            if cone is not None and cone.ambient_dim != self.space.dim:
                raise ValueError(f"{name} bound lives in dimension {cone.ambient_dim}, the space has {self.space.dim} coordinates")
        if self.definition is not None and self.outer is None:
            raise ValueError("a cone defined by inequalities needs them as its outer cone")

    # -- status ---------------------------------------------------------------------------
    @property
    def group(self) -> PermutationGroup:
        return self.space.group

    @cached_property
    def settled(self) -> bool:
        """Outer and inner bounds are both known and equal (checked exactly; False if ``undecided``)."""
        return not self.undecided and self.outer is not None and self.inner is not None and self.outer == self.inner

    @property
    def is_exact(self) -> bool:
        """Known exactly: defined by inequalities, or settled."""
        return self.definition is not None or self.settled

    @property
    def status(self) -> str:
        """``"defined by inequalities"``, ``"settled"``, ``"sandwich"``, ``"outer bound"`` or ``"inner bound"``."""
        if self.definition is not None:
            return "defined by inequalities"
        if self.settled:
            return "settled"
        if self.outer is not None and self.inner is not None:
            return "sandwich"
        return "outer bound" if self.outer is not None else "inner bound"

    # -- representations ------------------------------------------------------------------
    @property
    def _facet_source(self) -> Cone:
        return self.outer if self.outer is not None else self.inner

    @property
    def _ray_source(self) -> Cone:
        return self.inner if self.inner is not None else self.outer

    @property
    def facets(self) -> np.ndarray:
        """Facet rows ``a`` (``a.S >= 0``): of the cone if exact, else of the outer bound (or of the
        inner bound when only that is known)."""
        return self._timed("facets", lambda: self._facet_source.inequalities)

    @property
    def rays(self) -> np.ndarray:
        """Extreme rays: of the cone if exact, else of the inner bound (or of the outer bound when
        only that is known)."""
        return self._timed("rays", lambda: self._ray_source.rays)

    @property
    def equations(self) -> np.ndarray:
        return self._facet_source.equations

    def _timed(self, what: str, compute):
        start = time.perf_counter()
        out = compute()
        if what not in self.timings:
            self.timings[what] = time.perf_counter() - start
        return out

    @cached_property
    def facet_orbits(self) -> list[Orbit]:
        """Orbits of the facets under ``space.group`` (canonical representatives, sizes)."""
        return self.group.orbits(self.facets)

    @cached_property
    def ray_orbits(self) -> list[Orbit]:
        """Orbits of the extreme rays under ``space.group``."""
        return self.group.orbits(self.rays)

    @property
    def facet_representatives(self) -> np.ndarray:
        return _stack([o.representative for o in self.facet_orbits], self.space.dim)

    @property
    def ray_representatives(self) -> np.ndarray:
        return _stack([o.representative for o in self.ray_orbits], self.space.dim)

    @property
    def facet_orbit_sizes(self) -> list[int]:
        return [o.size for o in self.facet_orbits]

    @property
    def ray_orbit_sizes(self) -> list[int]:
        return [o.size for o in self.ray_orbits]

    def inequalities(self, *, orbits: bool = False) -> list[Inequality]:
        """The facets as :class:`Inequality` objects (orbit representatives with ``orbits=True``,
        printed with the fewest terms)."""
        if orbits:
            return [Inequality(self.space, r).fewest_terms() for r in self.facet_representatives]
        return [Inequality(self.space, r) for r in self.facets]

    # -- questions: membership, validity, certificates --------------------------------------
    def contains(self, vector):
        """Is ``vector`` in the cone?  A :class:`~cones.core.membership.Membership`: ``yes`` with
        exact multipliers over the rays, ``no`` with the violated facet, or ``undecided`` (a
        sandwich neither bound decides); ``bound`` says which bound decided.

        >>> from cones.core.outer import shannon_cone
        >>> shannon_cone(3).contains([1, 1, 1, 2, 2, 2, 2]).answer
        'yes'
        """
        from cones.core.membership import contains

        return contains(self, vector)

    def __contains__(self, vector) -> bool:
        """``vector in cone``; ValueError when the bounds do not decide it."""
        found = self.contains(vector)
        if found.answer == "undecided":
            raise ValueError(f"membership in the {self.family} cone (n={self.space.n}) is undecided: it is a {self.status}")
        return bool(found)

    def check(self, inequality, given=()):
        """Is ``inequality`` (text or :class:`Inequality`) valid on the cone?  A
        :class:`~cones.core.implication.Verdict` (``proved`` / ``refuted`` / ``undecided``) with
        its certificate: multipliers over the (outer) facets, or a violating vector or realised ray.

        >>> from cones.core.outer import shannon_cone
        >>> shannon_cone(3).check("I(A:B|C) >= 0").verdict
        'proved'
        """
        from cones.core.implication import decide
        from cones.expressions import parse_inequality

        if isinstance(inequality, str):
            inequality = parse_inequality(inequality, self.space)
        given = [parse_inequality(g, self.space) if isinstance(g, str) else g for g in given]
        return decide(self, inequality, given)

    def certificate(self, row):
        """The stored certificate of a facet or extreme ray (of the row itself, or of its orbit
        representative: certificates are kept per orbit); None when there is none."""
        from polytopes import primitive

        key = tuple(int(v) for v in primitive(self.space.check_vector(row)))
        for certificates in (self.facet_certificates, self.ray_certificates):
            if key in certificates:
                return certificates[key]
        representative = tuple(int(v) for v in self.group.canonical(np.array(key, dtype=np.int64)))
        return self.facet_certificates.get(representative, self.ray_certificates.get(representative))

    # -- reports --------------------------------------------------------------------------
    def _lines(self) -> list[tuple[str, str]]:
        space = self.space
        symmetry = f"S_{space.parties}, order {self.group.order}"
        parties = f"parties {', '.join(space.labels)}" + (" + purifier O" if space.pure else "")
        status = self.status + (f": {self.definition}" if self.definition else "")
        if self.status == "defined by inequalities":
            status += " (rays computed exactly from them, not claimed realised)"
        out = [
            ("cone", f"{self.family}, n={space.n} ({'pure' if space.pure else 'classical'}; {parties})"),
            ("coordinates", f"{space.dim}; symmetry {symmetry}"),
            ("status", status),
            ("facets", _orbit_text(len(self.facets), self.facet_orbit_sizes)),
            ("extreme rays", _orbit_text(len(self.rays), self.ray_orbit_sizes)),
        ]
        if self.outer is not None and self.inner is not None and not self.settled:
            out.append(("note", "facets are those of the outer bound, rays those of the inner bound"))
        cone = self._facet_source
        out.append(("dimension", f"{cone.dim}{', pointed' if cone.is_pointed else ''}"))
        if self.notes:
            out.append(("notes", self.notes))
        if self.timings:
            out.append(("time", ", ".join(f"{k} {v:.3f} s" for k, v in self.timings.items())))
        return out

    def summary(self) -> str:
        """Plain-text report: status, facet and ray counts with orbit counts, dimension, timings."""
        lines = self._lines()
        width = max(len(k) for k, _ in lines)
        return "\n".join(f"{k.ljust(width)}  {v}" for k, v in lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>{html.escape(v)}</td></tr>"
                       for k, v in self._lines())
        return f"<table>{rows}</table>"

    def _repr_latex_(self) -> str:
        name = self.family.replace("-", r"\text{-}")
        body = r",\ ".join(rf"\text{{{k}}}\ \text{{{_latex_text(v)}}}" for k, v in self._lines() if k != "time")
        return rf"$\mathrm{{{name}}}_{{{self.space.n}}}:\ {body}$"

    def __repr__(self):
        return f"EntropyCone(family={self.family!r}, n={self.space.n}, pure={self.space.pure}, status={self.status!r})"


def _latex_text(text: str) -> str:
    for char, escaped in (("\\", r"\textbackslash "), ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("#", r"\#"),
                          ("%", r"\%"), ("&", r"\&"), ("$", r"\$"), ("^", r"\^{}")):
        text = text.replace(char, escaped)
    return text


def _orbit_text(count: int, sizes: list[int]) -> str:
    return f"{count} in {len(sizes)} orbit{'s' if len(sizes) != 1 else ''} (sizes {', '.join(map(str, sizes))})"


def _stack(rows, width: int) -> np.ndarray:
    return np.array(rows, dtype=np.int64).reshape(len(rows), width)
