"""Plain-JSON form of an :class:`cones.core.bounds.EntropyCone`, used by the results store.

Layout (all rows primitive integer lists in the shared coordinate order)::

    {"family": str, "n": int, "pure": bool, "settled": bool,
     "definition": str | null, "notes": str, "undecided": bool,
     "outer": {"inequalities": [...], "equations": [...], "group": bool}
              | {"facets": [...], "witnesses": [...], "group": bool} | null,
     "inner": {"rays": [...], "lines": [...], "group": bool}
              | {"extreme rays": [...], "witnesses": [...], "group": bool} | null,
     "facet_certificates": [[row, {"kind": ..., "data": ...}], ...],
     "ray_certificates":   [[row, {"kind": ..., "data": ...}], ...],
     "timings": {stage: seconds}}

``group`` records whether the bound carried the space's symmetry group (re-attached on
loading).  A settled cone is rebuilt with both representations known (``Cone.from_hv``), so
loading never re-runs a double description; a bound known by its facets or its extreme rays alone
(``Cone.from_facets``, ``Cone.from_extreme_rays``: orbit representatives with a witness each)
is stored so and re-checked on loading, without converting to the other side.
"""

from __future__ import annotations

from polytopes import Cone

from cones.core.bounds import EntropyCone
from cones.core.certificate_kinds import certificate_from_json, certificate_to_json
from cones.space import EntropySpace


def _rows(array) -> list[list[int]]:
    return [[int(v) for v in row] for row in array]


def _certificates_to_json(certificates: dict) -> list:
    return [[list(map(int, key)), certificate_to_json(cert)] for key, cert in sorted(certificates.items())]


def _certificates_from_json(pairs: list) -> dict:
    return {tuple(int(v) for v in key): certificate_from_json(record) for key, record in pairs}


def entropy_cone_to_json(cone: EntropyCone) -> dict:
    """JSON-ready dict of an EntropyCone (see the module docstring)."""
    if not isinstance(cone, EntropyCone):
        raise TypeError(f"expected an EntropyCone, got {type(cone).__name__}")
    outer = inner = None
    if cone.outer is not None and cone.outer.certified is not None:  # facets known without rays, with their proof
        _, reps, witnesses = cone.outer.certified
        outer = {"facets": _rows(reps), "witnesses": _rows(witnesses), "group": cone.outer.group is not None}
    elif cone.outer is not None:
        outer = {"inequalities": _rows(cone.outer.inequalities), "equations": _rows(cone.outer.equations),
                 "group": cone.outer.group is not None}
    if cone.inner is not None and cone.inner.certified is not None and not cone.settled:  # rays known without facets
        _, reps, witnesses = cone.inner.certified
        inner = {"extreme rays": _rows(reps), "witnesses": _rows(witnesses), "group": cone.inner.group is not None}
    elif cone.inner is not None:
        inner = {"rays": _rows(cone.inner.rays), "lines": _rows(cone.inner.lines), "group": cone.inner.group is not None}
    return {
        "family": cone.family,
        "n": cone.space.n,
        "pure": cone.space.pure,
        "settled": bool(cone.settled),
        "definition": cone.definition,
        "notes": cone.notes,
        "undecided": cone.undecided,
        "outer": outer,
        "inner": inner,
        "facet_certificates": _certificates_to_json(cone.facet_certificates),
        "ray_certificates": _certificates_to_json(cone.ray_certificates),
        "timings": {str(k): float(v) for k, v in dict(cone.timings).items()},
    }


def entropy_cone_from_json(data: dict) -> EntropyCone:
    """Inverse of :func:`entropy_cone_to_json`."""
    space = EntropySpace(int(data["n"]), pure=bool(data["pure"]))
    h, v = data["outer"], data["inner"]
    outer = inner = None
    if data["settled"]:
        group = space.group if h["group"] or v["group"] else None
        outer = inner = Cone.from_hv(h["inequalities"], v["rays"], h["equations"], v["lines"], dim=space.dim, group=group)
    else:
        if h is not None and "witnesses" in h:
            outer = Cone.from_facets(h["facets"], h["witnesses"], dim=space.dim, group=space.group if h["group"] else None)
        elif h is not None:
            outer = Cone.from_h(h["inequalities"], h["equations"], dim=space.dim, group=space.group if h["group"] else None)
        if v is not None and "witnesses" in v:
            inner = Cone.from_extreme_rays(v["extreme rays"], v["witnesses"], dim=space.dim,
                                           group=space.group if v["group"] else None)
        elif v is not None:
            inner = Cone.from_v(v["rays"], v["lines"], dim=space.dim, group=space.group if v["group"] else None)
    return EntropyCone(
        family=data["family"],
        space=space,
        outer=outer,
        inner=inner,
        facet_certificates=_certificates_from_json(data["facet_certificates"]),
        ray_certificates=_certificates_from_json(data["ray_certificates"]),
        timings=dict(data["timings"]),
        notes=data["notes"],
        definition=data["definition"],
        undecided=bool(data.get("undecided", False)),
    )
