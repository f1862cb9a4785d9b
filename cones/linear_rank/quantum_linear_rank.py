"""The quantum linear-rank cone: balanced linear rank inequalities on the purified parties.

A linear rank inequality ``f . h >= 0`` on ``n`` variables is *balanced* (Chan) after
subtracting, for every variable ``i``, ``r_i(f) (h(N) - h(N - i))`` with
``r_i(f) = sum_{S ni i} f_S`` the total coefficient of the sets containing ``i``; then every
``r_i`` is zero and monotonicity is no longer used.  Read on ``n`` of the ``n + 1`` purified
parties of a pure ``n``-party state (``S(X) = S(complement of X)``, purifier ``O``) and
closed under ``S_{n+1}``, the balanced facets of ``LR_n``, together with strong
subadditivity and weak monotonicity (the elemental ``I(i:j|K) >= 0`` on the purified parties,
:func:`cones.core.outer.ssa_cone`), define the cone; redundant orbits are removed exactly
(:func:`cones.core.sandwich.irredundant`, LP certificates).

The linear rank inequalities are the facets of ``LR_n`` derived by
:func:`cones.linear_rank.build_linear_rank` (handed over by the catalogue from the results store), never
typed in.  At ``n = 4`` the cone is SSA + WM + the purified Ingleton inequalities; at
``n = 5`` it is the outer bound of the stabilizer cone.
"""

from __future__ import annotations

import time

import numpy as np

from polytopes import Cone

from cones.core import inequality_families as families
from cones.core.bounds import EntropyCone
from cones.core.catalogue import register_family
from cones.core.sandwich import irredundant
from cones.linear_rank.cone import build_linear_rank
from cones.space import EntropySpace


def balanced(inequality, n: int) -> np.ndarray:
    """Chan's balancing ``f - sum_i r_i(f) (h(N) - h(N - i))`` of a row on ``n`` variables
    (``EntropySpace(n, pure=False)`` order); the result has ``r_i = 0`` for every ``i``."""
    space = EntropySpace(n, pure=False)
    f = np.asarray(inequality, dtype=np.int64)
    if f.shape != (space.dim,):
        raise ValueError(f"inequality has shape {f.shape}, expected ({space.dim},) for n={n}")
    out = f.copy()
    full = (1 << n) - 1
    for i in range(n):
        r = int(f[(space.masks >> i & 1) == 1].sum())
        out[space.index[full]] -= r
        if full & ~(1 << i):
            out[space.index[full & ~(1 << i)]] += r
    return out


def purified_rows(inequalities, n: int) -> np.ndarray:
    """The balanced forms of linear rank inequalities on ``n`` variables, read on the first
    ``n`` of the ``n + 1`` purified parties and closed under ``S_{n+1}`` (distinct non-zero
    rows, sorted)."""
    space = EntropySpace(n, pure=True)
    if not np.array_equal(space.masks, EntropySpace(n, pure=False).masks):
        raise RuntimeError("classical and pure coordinates are expected in the same order")
    rows = [b for b in (balanced(f, n) for f in np.asarray(inequalities, dtype=np.int64).reshape(-1, space.dim)) if b.any()]
    if not rows:
        return np.zeros((0, space.dim), dtype=np.int64)
    return np.unique(space.group.canonical_rows(np.array(rows)), axis=0)


def build_quantum_linear_rank(n: int, *, linear_rank: EntropyCone | None = None) -> EntropyCone:
    """The quantum linear-rank cone on ``n`` parties (pure space, symmetry ``S_{n+1}``).

    ``linear_rank``: the settled ``LR_n`` to take the inequalities from (default: built here;
    the catalogue hands over the stored one)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"the quantum linear-rank cone needs an integer n >= 2, got {n!r}")
    start = time.perf_counter()
    if linear_rank is None:
        linear_rank = build_linear_rank(int(n))
    if linear_rank.space != EntropySpace(n, pure=False):
        raise ValueError(f"linear_rank lives on {linear_rank.space}, expected n={n} classical variables")
    if not linear_rank.is_exact:
        raise ValueError(f"LR_{n} is not settled ({linear_rank.notes}); its facets are not all known")
    timings = {"linear rank": time.perf_counter() - start}
    space = EntropySpace(n, pure=True)
    group = space.group
    ssa = families.rows_of(families.ssa(space, elemental=True), space.dim)
    start = time.perf_counter()
    candidates = np.unique(np.vstack([purified_rows(linear_rank.facet_representatives, n),
                                      group.canonical_rows(ssa)]), axis=0)
    keep, witnesses = irredundant([tuple(map(int, r)) for r in candidates], group, witnesses=True)
    outer = Cone.from_facets(keep, witnesses, dim=space.dim, group=group)
    timings["redundancy"] = time.perf_counter() - start
    return EntropyCone(
        "quantum-linear-rank", space, outer=outer,
        definition="balanced facets of LR_n on the purified parties, with SSA and WM (I(i:j|K) >= 0)",
        timings=timings,
        notes=f"{len(candidates)} candidate orbits ({len(keep)} irredundant) from the {len(linear_rank.facet_orbits)} "
              f"facet orbits of LR_{n} ({linear_rank.status})",
    )


register_family("quantum-linear-rank", build_quantum_linear_rank,
                "balanced linear rank inequalities on the n+1 purified parties, with SSA and WM (S_{n+1})",
                requires=lambda n: {"linear_rank": "linear-rank"})
