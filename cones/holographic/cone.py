"""The holographic entropy cone HEC_n of graph min-cut entropies (Bao et al., arXiv:1505.07839).

Built from first principles as a sandwich (:mod:`cones.core.sandwich`): the outer bound starts at
SA and MMI and grows by inequalities proved with contraction maps; the inner bound is the
cone of entropy vectors of weighted graphs found by :mod:`cones.holographic.realisation` (the
min-cut-pattern LP).  Inequalities
beyond SA and MMI are *found* as facets of the inner bound, never typed in.  For n <= 5 the
result is settled and matches Hernández-Cuenca, arXiv:1903.09148 (n=5: 372 facets in 8 orbits,
2,267 extreme rays in 19 orbits under S_6).
"""

from __future__ import annotations

from fractions import Fraction
from functools import partial

from polytopes import primitive

from cones.core import inequality_families as families
from cones.core.bounds import EntropyCone
from cones.core.catalogue import register_family
from cones.holographic.contraction import Invalid, Proved, find_violating_graph, prove_by_contraction
from cones.holographic.realisation import Realised, realise_ray
from cones.core.sandwich import SandwichFamily, tighten
from cones.space import EntropySpace

# Candidates whose left-hand side weighs more than this are not sent to the SAT search: the
# cube {0,1}^L grows as 2^L, and facets of a partial inner bound with such weights are
# artefacts of missing rays, not inequalities of HEC_n (whose heaviest left-hand side, n=5,
# weighs 16).
MAX_LHS_WEIGHT = 16
# Seconds the min-cut-pattern LP may spend on one ray: a first try, then in full.  Rays
# outside HEC_n can take a minute to be found infeasible; a new inequality usually cuts them
# off before that.
QUICK_TIME_LIMIT, TIME_LIMIT = 10.0, 300.0


def _prove(space: EntropySpace, row) -> object | None:
    if sum(v for v in row if v > 0) > MAX_LHS_WEIGHT:
        return None
    result = prove_by_contraction(row, space, counterexample=False)
    return result.certificate if isinstance(result, Proved) else None


def _realise(space: EntropySpace, time_limit: float, row) -> Realised | None:
    result = realise_ray(row, space, method="patterns" if space.n <= 5 else "auto", time_limit=time_limit)
    return result if isinstance(result, Realised) else None


def _refute(space: EntropySpace, row):
    """A small graph violating ``row``, with the realisation of its own entropy vector."""
    found = find_violating_graph(space, row)
    if not isinstance(found, Invalid):
        return None
    ray = primitive(found.entropy_vector)
    scale = Fraction(next(v for v in found.entropy_vector if v)) / next(v for v in ray if v)
    return ray, Realised(found.model, ray, scale)


def holographic_family(n: int) -> SandwichFamily:
    """The prover, realiser and seeds (SA + MMI) of HEC_n."""
    space = EntropySpace(n, pure=True)
    seeds = [q.row for q in (*families.sa(space, representatives=True), *families.mmi(space, representatives=True))]
    return SandwichFamily(
        name="holographic", space=space,
        prove=partial(_prove, space), refute=partial(_refute, space),
        quick_realise=partial(_realise, space, QUICK_TIME_LIMIT), realise=partial(_realise, space, TIME_LIMIT),
        seeds=[tuple(map(int, s)) for s in seeds],
    )


def build_holographic(n: int, *, executor=None, checkpoint=None, progress: bool = True) -> EntropyCone:
    """HEC_n from first principles: facets proved by contraction, rays realised by graphs.

    Examples
    --------
    >>> hec3 = build_holographic(3, progress=False)
    >>> hec3.status, len(hec3.facets), len(hec3.facet_orbits)
    ('settled', 7, 2)

    References: Bao et al., arXiv:1505.07839; Hernández-Cuenca, arXiv:1903.09148 (n = 5).
    """
    return tighten(holographic_family(n), executor=executor, checkpoint=checkpoint, progress=progress)


register_family("holographic", build_holographic,
                "HEC_n: graph min-cut entropies; facets proved by contraction maps, rays realised by graphs",
                run_options=("checkpoint", "progress", "executor"))
