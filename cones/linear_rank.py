"""The linear-rank cone LR_n by an inner/outer sandwich.

* outer bound: the elemental Shannon inequalities plus inequalities proved by common
  information (:mod:`cones.common_information`), each with its certificate;
* inner bound: rank vectors of subspace arrangements (:mod:`cones.subspaces`), each ray
  with its arrangement.

The loop is the shared sandwich (:mod:`cones.sandwich`): realise each orbit of outer rays
by an arrangement; if all are realised the cone is settled; otherwise the inner-bound facets
not yet proved are the candidates, proved by common information, and the loop repeats.
Nothing but Shannon is given as input (for n >= 5 also the facets found at n-1,
substituted): at n=4 the Ingleton inequalities come out as the proved candidates
(Hammer-Romashchenko-Shen-Vereshchagin 2000; 34 facets, 35 rays in 10 orbits), at n=5 the
24 orbits of Dougherty-Freiling-Zeger (arXiv:0910.0284) are expected the same way.  When the
cone is not settled, every orbit of outer rays without an arrangement is listed in the notes
with the fields, multiples and dimensions searched (:func:`unrealised_rays`).
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

import numpy as np

from .bounds import EntropyCone
from .catalogue import register_family
from .common_information import CommonInformationProof, prove_by_common_information
from .families import elemental_shannon, rows_of
from .sandwich import SandwichFamily, tighten
from .space import EntropySpace
from .subspaces import ArrangementRealisation, ArrangementSearch, find_arrangement, search_arrangement


def shannon_inequalities(n: int) -> np.ndarray:
    """The elemental Shannon inequalities of ``n`` variables (rows meaning ``row . h >= 0``)."""
    space = EntropySpace(n, pure=False)
    return rows_of(elemental_shannon(space), space.dim)


def verify_certificates(cone: EntropyCone) -> bool:
    """Re-check exactly the proof of every facet orbit and the arrangement of every ray orbit
    (certificates are kept for the canonical orbit representatives)."""
    facets = [tuple(map(int, r)) for r in cone.facet_representatives]
    rays = [tuple(map(int, r)) for r in cone.ray_representatives]
    return (all(f in cone.facet_certificates and cone.facet_certificates[f].verify(f) for f in facets)
            and all(r in cone.ray_certificates and cone.ray_certificates[r].verify(r) for r in rays))


def _prove(n: int, max_extensions: int, row) -> CommonInformationProof | None:
    return prove_by_common_information(row, n, max_extensions=max_extensions)


def _realise(fields: tuple[int, ...], multiples: tuple[int, ...], max_dimension: int, row) -> ArrangementRealisation | None:
    arrangement = find_arrangement(row, fields=fields, multiples=multiples, max_dimension=max_dimension)
    return None if arrangement is None else ArrangementRealisation(tuple(int(v) for v in row), arrangement)


def lifted_seeds(n: int, smaller: EntropyCone) -> list[tuple[int, ...]]:
    """Candidate inequalities on ``n`` parties from the proved non-Shannon facets of a smaller
    linear-rank cone, by :func:`substitutions` (orbit representatives)."""
    space = EntropySpace(n, pure=False)
    m = smaller.space.n
    rows = [substitutions(f, m, n) for f in smaller.facet_representatives
            if smaller.facet_certificates[tuple(int(v) for v in f)].extensions]
    if not rows:
        return []
    return sorted({tuple(map(int, o.representative)) for o in space.group.orbits(np.vstack(rows))})


def linear_rank_family(n: int, *, seeds: Sequence = (), fields: Sequence[int] = (2, 3),
                       multiples: Sequence[int] = (1, 2), max_dimension: int = 6,
                       max_extensions: int = 1) -> SandwichFamily:
    """The prover (common information, up to ``max_extensions`` variables), the realiser
    (arrangements over ``fields`` of rank ``m * ray`` for ``m`` in ``multiples``, ambient
    dimension at most ``max_dimension``) and the seeds (elemental Shannon, plus ``seeds``)."""
    space = EntropySpace(n, pure=False)
    first = [q.row for q in elemental_shannon(space, representatives=True)]
    return SandwichFamily(
        name="linear-rank", space=space,
        prove=partial(_prove, n, max_extensions),
        realise=partial(_realise, tuple(fields), tuple(multiples), max_dimension),
        seeds=[tuple(int(v) for v in r) for r in [*first, *seeds]],
    )


def build_linear_rank(n: int, *, lift: bool | None = None, fields: Sequence[int] = (2, 3),
                      multiples: Sequence[int] = (1, 2), max_dimension: int = 6, max_extensions: int = 1,
                      executor=None, checkpoint=None, progress: bool = False, max_rounds: int = 30) -> EntropyCone:
    """LR_n by the sandwich (:func:`cones.sandwich.tighten`).  With ``lift`` (default for
    n >= 5) LR_{n-1} is built first and its non-Shannon facets, substituted into ``n``
    parties, are proved up front as seeds."""
    seeds: list[tuple[int, ...]] = []
    if lift if lift is not None else n >= 5:
        smaller = build_linear_rank(n - 1, fields=fields, multiples=multiples, max_dimension=max_dimension,
                                    max_extensions=max_extensions, executor=executor, progress=progress)
        seeds = lifted_seeds(n, smaller)
    family = linear_rank_family(n, seeds=seeds, fields=fields, multiples=multiples,
                                max_dimension=max_dimension, max_extensions=max_extensions)
    cone = tighten(family, executor=executor, checkpoint=checkpoint, progress=progress, max_rounds=max_rounds)
    if cone.status != "settled":
        reports = unrealised_rays(cone, fields=fields, multiples=multiples, max_dimension=max_dimension)
        if reports:
            cone.notes += "\nouter-bound rays with no arrangement found:\n" + "\n".join(map(str, reports))
    return cone


def unrealised_rays(cone: EntropyCone, *, fields: Sequence[int] = (2, 3), multiples: Sequence[int] = (1, 2),
                    max_dimension: int = 6) -> list[ArrangementSearch]:
    """For each orbit of extreme rays of ``cone.outer`` without an arrangement in
    ``cone.ray_certificates``, the search report (:func:`cones.subspaces.search_arrangement`
    with the builder's options): the fields, multiples and dimensions tried, and how each ended."""
    if cone.outer is None:
        return []
    group = cone.space.group
    done = {tuple(map(int, r)) for r in group.canonical_rows(np.array(list(cone.ray_certificates), dtype=np.int64)
                                                                .reshape(-1, cone.space.dim))}
    missing = [o.representative for o in group.orbits(cone.outer.rays) if tuple(map(int, o.representative)) not in done]
    return [search_arrangement(r, fields=fields, multiples=multiples, max_dimension=max_dimension) for r in missing]


def substitutions(inequality, m: int, n: int) -> np.ndarray:
    """Instances of an inequality on ``m`` variables on ``n`` parties, substituting disjoint
    non-empty groups of parties for its variables (valid for linear ranks whenever the
    original is); distinct non-zero rows."""
    small, big = EntropySpace(m, pure=False), EntropySpace(n, pure=False)
    a = np.asarray(inequality, dtype=np.int64)
    out = set()
    for labels in np.ndindex(*([m + 1] * n)):
        groups = [sum(1 << j for j in range(n) if labels[j] == i + 1) for i in range(m)]
        if not all(groups):
            continue
        row = np.zeros(big.dim, dtype=np.int64)
        for mask, c in zip(small.masks, a):
            union = 0
            for i in range(m):
                if mask >> i & 1:
                    union |= groups[i]
            row[big.index[union]] += c
        if row.any():
            out.add(tuple(row.tolist()))
    return np.array(sorted(out), dtype=np.int64).reshape(-1, big.dim)


register_family("linear-rank", build_linear_rank,
                "LR_n: ranks of subspace arrangements; facets proved by common information, rays realised over GF(q)")
