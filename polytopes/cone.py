"""Immutable exact polyhedral cones ``{x : A x >= 0, E x = 0} = cone(rays) + span(lines)``.

A cone is given by one representation (H or V) or both; the other is computed on demand by
exact double description (pycddlib ``cdd.gmp``) or, for symmetric cones, by an orbit-wise
method of ``polytopes.adjacency``; these on-demand conversions never draw progress bars (call
``rays_by_orbits``/``facets_by_orbits`` directly for a bar, a checkpoint or an executor).
Returned representations are minimal and canonical:

* ``equations`` is the RREF basis (primitive rows) of the orthogonal complement of the linear
  hull, ``lines`` the RREF basis of the lineality space;
* each facet normal is projected orthogonally onto the linear hull, each ray onto the
  complement of the lineality space, then made primitive; rows are sorted.

So two equal cones print identical representations.  Redundancy is removed combinatorially
from the two complete representations (a facet's set of tight rays is maximal, and so is an
extreme ray's set of tight facets).  ``is_facet``/``is_extreme`` use exact rank: an
inequality is a facet iff its tight rays and the lines span a space of dimension ``dim - 1``;
a ray is extreme iff its tight facets and the equations have rank
``ambient_dim - lineality - 1``.
"""

from __future__ import annotations

import numpy as np

from . import _cdd
from ._integers import canonical_rows, check_rows, primitive, to_array
from ._linalg import matmul, nullspace, project_rows, projector, rank

_METHODS = ("auto", "dd", "orbits")
_ORBIT_THRESHOLD = 60  # "auto" uses orbits for a symmetric input with more rows than this


def _rows(rows, width, what, sign_free=False):
    return canonical_rows(check_rows(rows, width, what), width, sign_free=sign_free)


def _width(what, *row_sets, dim=None):
    """Ambient dimension from the first non-empty row set (or ``dim``); checks agreement."""
    widths = set()
    for w, rows in zip(what, row_sets):
        if isinstance(rows, np.ndarray) and rows.ndim == 2:
            widths.add(rows.shape[1])
        elif checked := check_rows(rows, None, w):
            widths.add(len(checked[0]))
    if dim is not None:
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
            raise ValueError(f"dim must be a positive integer, got {dim!r}")
        widths.add(int(dim))
    if not widths:
        raise ValueError(f"empty input: no {' or '.join(what)} given and no dim= to fix the ambient dimension")
    if len(widths) > 1:
        raise ValueError(f"dimension mismatch: {' and '.join(what)} (and dim) have lengths {sorted(widths)}")
    return widths.pop()


def _vector(x, width, what="vector"):
    vec = list(x) if not isinstance(x, np.ndarray) else x.tolist()
    if vec and isinstance(vec[0], list):
        raise ValueError(f"{what}: expected a single vector, got a 2-D input")
    if len(vec) != width:
        raise ValueError(f"{what} has length {len(vec)}, but the cone lives in dimension {width}")
    return np.array(primitive(vec), dtype=object)


def _freeze(rows, width, sign_free=False):
    """Read-only sorted int64 array of (already primitive) integer rows."""
    arr = to_array(sorted({tuple(int(v) for v in r) for r in rows}), width)
    if sign_free:
        arr = canonical_rows(arr, width, sign_free=True)
    arr.setflags(write=False)
    return arr


def _maximal(zero_sets: np.ndarray) -> np.ndarray:
    """Mask of the rows of a boolean matrix whose set of True columns is not strictly
    contained in another row's (counts by float32 products, exact below 2**24 columns)."""
    z = zero_sets.astype(np.float32)
    sizes = z.sum(axis=1)
    keep = np.ones(len(z), dtype=bool)
    for start in range(0, len(z), 1024):
        block = z[start:start + 1024]
        contained = (block @ (1 - z).T) == 0  # [i, j]: Z_i is a subset of Z_j
        keep[start:start + 1024] = ~(contained & (sizes[start:start + 1024, None] < sizes[None, :])).any(axis=1)
    return keep


def _certified_orbits(representatives, witnesses, d, group, what):
    """The orbit rows of ``representatives`` under ``group``, checked exactly against
    ``witnesses`` (``witnesses[i] . representatives[i] < 0 <= witnesses[i] . other row``) and
    against a vector positive on every row (an interior point of the dual side, by LP)."""
    reps = np.array(check_rows(representatives, d, "representatives"), dtype=np.int64).reshape(-1, d)
    wits = np.array(check_rows(witnesses, d, "witnesses"), dtype=np.int64).reshape(-1, d)
    if len(reps) != len(wits):
        raise ValueError(f"{len(reps)} representatives but {len(wits)} witnesses")
    rows = group.orbit_rows(reps) if group is not None else np.unique(reps, axis=0)
    for r, w in zip(reps, wits):
        if not (matmul(r, w) < 0 and np.all((matmul(rows, w) >= 0) | np.all(rows == r, axis=1))):
            raise ValueError(f"the witness {w.tolist()} does not show {r.tolist()} to be {what}")
    from .lp import interior_point

    if interior_point(rows) is None:
        side = "the cone is not full-dimensional" if what == "irredundant" else "the cone is not pointed"
        raise ValueError(f"no vector is positive on every row: {side}")
    return rows, reps, wits


class Cone:
    """An immutable polyhedral cone in Q^d; build it with ``from_h``, ``from_v`` or ``from_hv``."""

    __slots__ = ("_d", "_group", "_method", "_h", "_v", "_minimal", "_hash", "_certified")

    def __init__(self, *_args, **_kwargs):
        raise TypeError("use Cone.from_h, Cone.from_v or Cone.from_hv")

    @classmethod
    def _make(cls, d, h, v, group, method):
        if method not in _METHODS:
            raise ValueError(f"unknown conversion method {method!r}; choose one of {_METHODS}")
        if group is not None and getattr(group, "degree", None) != d:
            raise ValueError(f"group acts on {getattr(group, 'degree', '?')} coordinates, the cone on {d}")
        if method == "orbits" and group is None:
            raise ValueError("method='orbits' needs a group")
        self = object.__new__(cls)
        self._d, self._group, self._method = d, group, method
        self._h, self._v, self._minimal, self._hash, self._certified = h, v, None, None, None
        return self

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_h(cls, inequalities, equations=(), *, dim=None, group=None, method="auto"):
        """The cone ``{x : inequalities @ x >= 0, equations @ x = 0}``; ``dim`` = ambient dimension."""
        d = _width(("inequalities", "equations"), inequalities, equations, dim=dim)
        h = (_rows(inequalities, d, "inequalities"), _rows(equations, d, "equations", True))
        return cls._make(d, h, None, group, method)

    @classmethod
    def from_v(cls, rays, lines=(), *, dim=None, group=None, method="auto"):
        """The cone generated by ``rays`` (non-negative combinations) and ``lines`` (any sign)."""
        d = _width(("rays", "lines"), rays, lines, dim=dim)
        v = (_rows(rays, d, "rays"), _rows(lines, d, "lines", True))
        return cls._make(d, None, v, group, method)

    @classmethod
    def from_hv(cls, inequalities, rays, equations=(), lines=(), *, dim=None, group=None):
        """A cone whose two representations are both known (e.g. from an orbit-wise enumeration).

        Checked exactly but cheaply: every ray and line satisfies every inequality and
        equation, every inequality is a facet of the cone generated by the rays, every ray is
        extreme for the inequalities.  A redundant input fails them (use ``from_h``/``from_v``),
        and so do many, but not all, incomplete ones: completeness itself is not proved.
        """
        d = _width(("inequalities", "rays", "equations", "lines"), inequalities, rays, equations, lines, dim=dim)
        h = (_rows(inequalities, d, "inequalities"), _rows(equations, d, "equations", True))
        v = (_rows(rays, d, "rays"), _rows(lines, d, "lines", True))
        self = cls._make(d, h, v, group, "auto")
        a, e = h
        r, l = v
        if (np.any(matmul(a, r.T) < 0) or np.any(matmul(a, l.T)) or np.any(matmul(e, r.T))
                or np.any(matmul(e, l.T))):
            raise ValueError("inconsistent representations: some ray or line violates some inequality or equation")
        dim, lin = rank(np.vstack([r, l])), d - rank(np.vstack([a, e]))
        for row in project_rows(a, None, d):
            if rank(np.vstack([r[matmul(r, np.array(row, dtype=object)) == 0], l]), upper=dim - 1) != dim - 1:
                raise ValueError(f"inconsistent representations: inequality {list(row)} is not a facet of the cone of the rays")
        for row in r:
            if rank(np.vstack([a[matmul(a, row) == 0], e]), upper=d - lin - 1) != d - lin - 1:
                raise ValueError(f"inconsistent representations: ray {row.tolist()} is not extreme for the inequalities")
        return self

    @classmethod
    def from_facets(cls, representatives, witnesses, *, dim=None, group=None):
        """A full-dimensional cone given by its facets, the orbits under ``group`` of
        ``representatives``, with no conversion to rays.  Checked exactly: ``witnesses[i]``
        violates ``representatives[i]`` and satisfies every other row (no row is implied by the
        others; the orbits of the witnesses serve the orbits of the rows), and an interior point
        (found by LP, checked exactly) makes the cone full-dimensional, so every row is a facet.
        ``certified`` keeps both for storage."""
        d = _width(("representatives", "witnesses"), representatives, witnesses, dim=dim)
        rows, reps, wits = _certified_orbits(representatives, witnesses, d, group, "irredundant")
        self = cls._make(d, (_freeze(rows, d), _freeze((), d, True)), None, group, "auto")
        self._certified = ("facets", reps, wits)
        return self

    @classmethod
    def from_extreme_rays(cls, representatives, witnesses, *, dim=None, group=None):
        """A pointed cone given by its extreme rays, the orbits under ``group`` of
        ``representatives``, with no conversion to facets: the dual statement of
        :meth:`from_facets`, ``witnesses[i]`` an inequality valid on every other ray and
        violated by ``representatives[i]`` (no ray is in the cone of the others), and a vector
        positive on every ray making the cone pointed, so every ray is extreme."""
        d = _width(("representatives", "witnesses"), representatives, witnesses, dim=dim)
        rows, reps, wits = _certified_orbits(representatives, witnesses, d, group, "extreme")
        self = cls._make(d, None, (_freeze(rows, d), _freeze((), d, True)), group, "auto")
        self._certified = ("rays", reps, wits)
        return self

    @property
    def certified(self) -> tuple[str, np.ndarray, np.ndarray] | None:
        """``("facets" | "rays", representatives, witnesses)`` of a cone made by
        :meth:`from_facets` or :meth:`from_extreme_rays`, else None."""
        return self._certified

    def _known(self, side: str) -> bool:
        return self._certified is not None and self._certified[0] == side

    # -- conversion -----------------------------------------------------------------------
    def _resolved_method(self, rows, subspace):
        """``"auto"`` means orbits for a large symmetric input that the orbit-wise method
        accepts (a pointed H-cone, a full-dimensional V-cone), double description otherwise."""
        if self._method != "auto":
            return self._method
        large = self._group is not None and len(rows) + len(subspace) > _ORBIT_THRESHOLD
        return "orbits" if large and rank(np.vstack([rows, subspace]), upper=self._d) == self._d else "dd"

    def _h_any(self):
        """Some valid H-representation (the input one if given), converting if needed."""
        if self._h is None:
            rays, lines = self._v
            if self._resolved_method(rays, lines) == "orbits":
                from .adjacency import facets_by_orbits

                ineqs, eqs = facets_by_orbits(rays, lines, self._group, progress=False).all_rows(), ()
            else:
                ineqs, eqs = _cdd.v_to_h(rays, lines, self._d)
            self._h = (_freeze(ineqs, self._d), _freeze(eqs, self._d, True))
        return self._h

    def _v_any(self):
        """Some valid V-representation (the input one if given), converting if needed."""
        if self._v is None:
            ineqs, eqs = self._h
            if self._resolved_method(ineqs, eqs) == "orbits":
                from .adjacency import rays_by_orbits

                rays, lines = rays_by_orbits(ineqs, eqs, self._group, progress=False).all_rows(), ()
            else:
                rays, lines = _cdd.h_to_v(ineqs, eqs, self._d)
            self._v = (_freeze(rays, self._d), _freeze(lines, self._d, True))
        return self._v

    def _minimal_reps(self) -> dict:
        """Canonical minimal H and V (see module docstring), cached.

        With complete representations on both sides, a (projected) inequality is a facet iff
        its set of tight rays is not strictly contained in another one's, and a (projected)
        ray is extreme iff its set of tight facets is maximal in the same sense: faces of a
        cone are determined by their rays and by their facets.
        """
        if self._minimal is None:
            d = self._d
            a, e = self._h_any()
            r, l = self._v_any()
            equations = nullspace(np.vstack([r, l]), d)
            lines = nullspace(np.vstack([a, e]), d)
            facets = np.array(sorted(set(project_rows(a, projector(equations, d), d))), dtype=object).reshape(-1, d)
            facets = facets[_maximal(matmul(facets, r.T) == 0)]
            rays = np.array(sorted(set(project_rows(r, projector(lines, d), d))), dtype=object).reshape(-1, d)
            rays = rays[_maximal((matmul(facets, rays.T) == 0).T)]
            self._minimal = {
                "inequalities": _freeze(facets, d),
                "equations": _freeze(equations, d),
                "rays": _freeze(rays, d),
                "lines": _freeze(lines, d),
                "dim": d - len(equations),
            }
        return self._minimal

    # -- representations ------------------------------------------------------------------
    @property
    def ambient_dim(self) -> int:
        """Dimension d of the space Q^d the cone lives in."""
        return self._d

    @property
    def group(self):
        """The symmetry group given at construction (or None)."""
        return self._group

    @property
    def inequalities(self) -> np.ndarray:
        """Facet normals ``a`` (``a.x >= 0``), minimal and canonical."""
        return self._h[0] if self._known("facets") else self._minimal_reps()["inequalities"]

    @property
    def equations(self) -> np.ndarray:
        """Canonical basis of the equations ``e.x = 0`` (orthogonal complement of the linear hull)."""
        if self._known("rays"):
            return _freeze(nullspace(self._v[0], self._d), self._d, True)
        return self._h[1] if self._known("facets") else self._minimal_reps()["equations"]

    @property
    def rays(self) -> np.ndarray:
        """Extreme rays (modulo the lineality space), minimal and canonical."""
        return self._v[0] if self._known("rays") else self._minimal_reps()["rays"]

    @property
    def lines(self) -> np.ndarray:
        """Canonical basis of the lineality space."""
        if self._known("facets"):
            return _freeze(nullspace(self._h[0], self._d), self._d, True)
        if self._known("rays"):
            return self._v[1]
        return self._minimal_reps()["lines"]

    @property
    def dim(self) -> int:
        """Dimension of the cone (of its linear hull)."""
        if self._known("facets"):
            return self._d
        return rank(self._v[0]) if self._known("rays") else self._minimal_reps()["dim"]

    @property
    def is_pointed(self) -> bool:
        """True iff the cone contains no line."""
        return len(self.lines) == 0

    @property
    def incidence(self) -> np.ndarray:
        """Boolean facets x rays matrix, True where the ray lies on the facet."""
        return matmul(self.inequalities, self.rays.T) == 0

    # -- membership and faces -------------------------------------------------------------
    def contains(self, x) -> bool:
        """Is the vector ``x`` (ints or Fractions) in the cone?"""
        vec = _vector(x, self._d)
        a, e = self._h_any()
        return bool(np.all(matmul(a, vec) >= 0) and not np.any(matmul(e, vec)))

    def __contains__(self, x) -> bool:
        return self.contains(x)

    def is_valid(self, a) -> bool:
        """Does ``a.x >= 0`` hold on the whole cone?"""
        vec = _vector(a, self._d, "inequality")
        r, l = self._v_any()
        return bool(np.all(matmul(r, vec) >= 0) and not np.any(matmul(l, vec)))

    def is_facet(self, a) -> bool:
        """Is ``a.x >= 0`` valid and tight exactly on a facet (rank of tight rays = dim - 1)?"""
        if not self.is_valid(a):
            return False
        vec = _vector(a, self._d, "inequality")
        r = self.rays
        tight = r[matmul(r, vec) == 0] if len(r) else r
        if not np.any(matmul(r, vec)):  # vanishes on the cone: an equation, not a facet
            return False
        return rank(np.vstack([tight, self.lines]), upper=self.dim - 1) == self.dim - 1

    def is_extreme(self, r) -> bool:
        """Does ``r`` span an extreme ray (modulo the lineality space) of the cone?"""
        if not self.contains(r):
            return False
        vec = _vector(r, self._d, "ray")
        d, lin = self._d, len(self.lines)
        if rank(np.vstack([self.lines, vec[None, :]])) == lin:  # inside the lineality space
            return False
        a = self.inequalities
        tight = a[matmul(a, vec) == 0] if len(a) else a
        return rank(np.vstack([tight, self.equations]), upper=d - lin - 1) == d - lin - 1

    # -- comparison and operations --------------------------------------------------------
    def _same_space(self, other):
        if not isinstance(other, Cone):
            return NotImplemented
        if other._d != self._d:
            raise ValueError(f"cones live in different dimensions ({self._d} and {other._d})")
        return True

    def __le__(self, other):
        """Containment: every ray and line of ``self`` satisfies ``other``'s H-representation."""
        if self._same_space(other) is NotImplemented:
            return NotImplemented
        r, l = self._v_any()
        a, e = other._h_any()
        return bool(np.all(matmul(a, r.T) >= 0) and not np.any(matmul(a, l.T))
                    and not np.any(matmul(e, r.T)) and not np.any(matmul(e, l.T)))

    def __ge__(self, other):
        if self._same_space(other) is NotImplemented:
            return NotImplemented
        return other <= self

    def __lt__(self, other):
        return (self <= other) and not (other <= self)

    def __gt__(self, other):
        return (other <= self) and not (self <= other)

    def __eq__(self, other):
        if not isinstance(other, Cone) or other._d != self._d:
            return False
        return self <= other and other <= self

    def __hash__(self):
        if self._hash is None:
            self._hash = hash((self._d, self.inequalities.tobytes(), self.equations.tobytes()))
        return self._hash

    def __and__(self, other):
        """Intersection (H-representations stacked)."""
        if self._same_space(other) is NotImplemented:
            return NotImplemented
        (a1, e1), (a2, e2) = self._h_any(), other._h_any()
        return Cone.from_h(np.vstack([a1, a2]), np.vstack([e1, e2]), dim=self._d, group=self._common_group(other))

    def __or__(self, other):
        """Conic hull of the union (V-representations stacked)."""
        if self._same_space(other) is NotImplemented:
            return NotImplemented
        (r1, l1), (r2, l2) = self._v_any(), other._v_any()
        return Cone.from_v(np.vstack([r1, r2]), np.vstack([l1, l2]), dim=self._d, group=self._common_group(other))

    def _common_group(self, other):
        return self._group if self._group is not None and self._group == other._group else None

    # -- display --------------------------------------------------------------------------
    def _summary(self) -> dict:
        """Counts that are known without further computation."""
        if self._minimal is not None:
            m = self._minimal
            return {"ambient dim": self._d, "dim": m["dim"], "facets": len(m["inequalities"]),
                    "equations": len(m["equations"]), "extreme rays": len(m["rays"]), "lines": len(m["lines"])}
        out = {"ambient dim": self._d}
        if self._h is not None:
            out.update({"inequalities (not reduced)": len(self._h[0]), "equations (not reduced)": len(self._h[1])})
        if self._v is not None:
            out.update({"rays (not reduced)": len(self._v[0]), "lines (not reduced)": len(self._v[1])})
        return out

    def __repr__(self):
        return "Cone(" + ", ".join(f"{k}={v}" for k, v in self._summary().items()) + ")"

    def _repr_html_(self):
        rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in self._summary().items())
        return f"<table><caption>Cone</caption>{rows}</table>"

    def _repr_latex_(self):
        body = r",\ ".join(rf"\text{{{k}}}={v}" for k, v in self._summary().items())
        return rf"$\mathrm{{Cone}}\subseteq\mathbb{{Q}}^{{{self._d}}}:\ {body}$"
