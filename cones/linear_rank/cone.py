"""The linear-rank cone LR_n by an inner/outer sandwich.

* outer bound: the elemental Shannon inequalities plus inequalities proved by common
  information (:mod:`cones.linear_rank.common_information`), each with its certificate;
* inner bound: rank vectors of subspace arrangements (:mod:`cones.linear_rank.subspaces`), each ray
  with its arrangement.

The loop is the shared sandwich (:mod:`cones.core.sandwich`): realise each orbit of outer rays
by an arrangement; if all are realised the cone is settled; otherwise an outer ray that does
not extend by some common information is cut off by an inequality proved that way
(:func:`cones.linear_rank.common_information.cut_by_common_information`, chosen tight on the realised
rays), else the inner-bound facets not yet proved are the candidates, and the loop repeats.
The inequalities proved so far serve as lemmas on the extension: at n = 5 some outer rays
extend by every single common information and are cut off only so.
From n = 5 a library of random arrangements (:mod:`cones.linear_rank.arrangement_library`) seeds the
inner bound and answers lookups, and each outer-ray enumeration has a time limit while the
outer bound still moves: most outer rays of Shannon plus Ingleton are not linear, and a cut
removes them in bulk without searching for an arrangement.
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

from polytopes import rank

from cones.core.bounds import EntropyCone
from cones.core.catalogue import register_family
from cones.linear_rank.arrangement_library import ArrangementLibrary
from cones.linear_rank.common_information import CommonInformationProof, cut_by_common_information, prove_by_common_information, substituted
from cones.core.inequality_families import elemental_shannon, ingleton, rows_of
from cones.core.sandwich import SandwichFamily, full_orbits, tighten
from cones.space import EntropySpace
from cones.linear_rank.subspaces import ArrangementRealisation, ArrangementSearch, find_arrangement, search_arrangement


#: Search nodes per (field, multiple) of the targeted arrangement search: linear rays are
#: found within a few thousand; the budget bounds the time spent on rays that are not linear.
MAX_NODES = 20_000
#: Largest ambient space ``q**D`` searched among listed subspaces: GF(2)^8 and GF(3)^5.  Every
#: candidate subspace is an indicator row of this length, and GF(3)^6's 33,880 planes made one
#: search take minutes; larger GF(2) spaces (LR_5 needs up to GF(2)^11) are searched vector by vector.
MAX_VECTORS = 256
#: ... and at most this many candidates per subspace (GF(2)^8 has 200,787 four-dimensional ones).
MAX_SUBSPACES = 20_000
#: At most this many unrealised outer-ray orbits are searched again for the report.
REPORTED_RAYS = 20


def max_dimension_for(n: int) -> int:
    """Default largest ambient dimension of the arrangement search: 6 up to four variables (every
    ray of LR_4 fits), 12 from five (LR_5 rays have total rank up to 11; spaces beyond
    ``MAX_VECTORS`` vectors are searched vector by vector over GF(2))."""
    return 6 if n <= 4 else 12


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


def _prove(n: int, max_extensions: int, row, known=()) -> CommonInformationProof | None:
    return prove_by_common_information(row, n, max_extensions=max_extensions, known=known)


def _realise(fields: tuple[int, ...], multiples: tuple[int, ...], max_dimension: int, max_nodes: int, row) -> ArrangementRealisation | None:
    arrangement = find_arrangement(row, fields=fields, multiples=multiples, max_dimension=max_dimension,
                                   max_nodes=max_nodes, max_vectors=MAX_VECTORS, max_subspaces=MAX_SUBSPACES)
    return None if arrangement is None else ArrangementRealisation(tuple(int(v) for v in row), arrangement)


def _cut(n: int, row, inner, known=()) -> CommonInformationProof | None:
    return cut_by_common_information(row, n, inner, known)


def library_seeds(library: ArrangementLibrary, inequalities) -> list[tuple[int, ...]]:
    """The library's rays that are extreme rays of LR_n for certain: tight on valid
    ``inequalities`` of rank ``2**n - 2`` (a vector of the cone on a one-dimensional face of a
    larger cone spans an extreme ray of both)."""
    A = np.asarray(inequalities, dtype=np.int64)
    rows = np.array(library.rows, dtype=np.int64).reshape(-1, A.shape[1])
    tight = rows @ A.T == 0
    return [tuple(map(int, r)) for r, t in zip(rows, tight)
            if t.sum() >= A.shape[1] - 1 and rank(A[t], upper=A.shape[1] - 1) == A.shape[1] - 1]


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
                       multiples: Sequence[int] = (1, 2), max_dimension: int | None = None, max_nodes: int = MAX_NODES,
                       max_extensions: int = 1, library: ArrangementLibrary | None = None) -> SandwichFamily:
    """The prover (common information, up to ``max_extensions`` variables), the realiser
    (a ``library`` lookup, then arrangements over ``fields`` of rank ``m * ray`` for ``m`` in
    ``multiples``, ambient dimension at most ``max_dimension`` (default :func:`max_dimension_for`),
    ``max_nodes`` search nodes), the cut (an inequality proved
    by one common information that an outer ray violates), the refuter (the library ray
    violating an unproved candidate most) and the seeds (elemental Shannon, plus ``seeds``;
    the library's certain extreme rays as inner seeds)."""
    space = EntropySpace(n, pure=False)
    first = [tuple(int(v) for v in r) for r in [*(q.row for q in elemental_shannon(space, representatives=True)), *seeds]]
    return SandwichFamily(
        name="linear-rank", space=space,
        prove=partial(_prove, n, max_extensions),
        realise=partial(_realise, tuple(fields), tuple(multiples), max_dimension or max_dimension_for(n), max_nodes),
        quick_realise=library.realise if library is not None else None,
        refute=library.refute if library is not None else None,
        cut=partial(_cut, n) if max_extensions >= 1 else None,
        inner_seeds=library_seeds(library, full_orbits(first, space.group, space.dim)) if library is not None else [],
        seeds=first,
        lemmas=True,
    )


def build_linear_rank(n: int, *, lift: bool | None = None, fields: Sequence[int] = (2, 3),
                      multiples: Sequence[int] = (1, 2), max_dimension: int | None = None, max_nodes: int = MAX_NODES,
                      max_extensions: int = 1, executor=None, checkpoint=None, progress: bool = False, max_rounds: int = 30,
                      sample: bool | None = None, outer_time_limit: float | None = None,
                      settle_time_limit: float | None = None) -> EntropyCone:
    """LR_n by the sandwich (:func:`cones.core.sandwich.tighten`).  With ``lift`` (default for
    n >= 5) LR_{n-1} is built first and its non-Shannon facets, substituted into ``n``
    parties, are proved up front as seeds.  With ``sample`` (default for n >= 5) a library of
    random arrangements (:class:`cones.linear_rank.arrangement_library.ArrangementLibrary`) seeds the inner
    bound and is looked up before any search; ``outer_time_limit`` (default 60 s for n >= 5)
    bounds the outer-ray enumerations while the outer bound still moves, and ``settle_time_limit``
    (default 600 s for n >= 5) the final one that would settle the cone (at n = 5 it meets local
    cones of degenerate rays that Normaliz does not finish; the result then says so)."""
    seeds: list[tuple[int, ...]] = []
    if lift if lift is not None else n >= 5:
        smaller = build_linear_rank(n - 1, fields=fields, multiples=multiples, max_dimension=max_dimension,
                                    max_nodes=max_nodes, max_extensions=max_extensions, executor=executor, progress=progress)
        seeds = lifted_seeds(n, smaller)
    library = ArrangementLibrary.sample(n, progress=progress) if (sample if sample is not None else n >= 5) else None
    family = linear_rank_family(n, seeds=seeds, fields=fields, multiples=multiples,
                                max_dimension=max_dimension, max_nodes=max_nodes, max_extensions=max_extensions,
                                library=library)
    if n >= 5:
        outer_time_limit = 60.0 if outer_time_limit is None else outer_time_limit
        settle_time_limit = 600.0 if settle_time_limit is None else settle_time_limit
    cone = tighten(family, executor=executor, checkpoint=checkpoint, progress=progress, max_rounds=max_rounds,
                   outer_time_limit=outer_time_limit, settle_time_limit=settle_time_limit)
    if cone.status != "settled" and not cone.undecided:  # (undecided: the outer rays are not all known)
        reports = unrealised_rays(cone, fields=fields, multiples=multiples, max_dimension=max_dimension,
                                  max_nodes=max_nodes, limit=REPORTED_RAYS)
        if reports:
            cone.notes += "\nouter-bound rays with no arrangement found (smallest first):\n" + "\n".join(map(str, reports))
    return cone


def unrealised_rays(cone: EntropyCone, *, fields: Sequence[int] = (2, 3), multiples: Sequence[int] = (1, 2),
                    max_dimension: int | None = None, max_nodes: int = MAX_NODES, limit: int | None = None) -> list[ArrangementSearch]:
    """For each orbit of extreme rays of ``cone.outer`` without an arrangement in
    ``cone.ray_certificates``, the search report (:func:`cones.linear_rank.subspaces.search_arrangement`
    with the builder's options): the fields, multiples and dimensions tried, and how each ended;
    the ``limit`` smallest orbits only, if given."""
    if cone.outer is None:
        return []
    group = cone.space.group
    done = {tuple(map(int, r)) for r in group.canonical_rows(np.array(list(cone.ray_certificates), dtype=np.int64)
                                                                .reshape(-1, cone.space.dim))}
    missing = [o.representative for o in group.orbits(cone.outer.rays) if tuple(map(int, o.representative)) not in done]
    missing = sorted(missing, key=lambda r: (int(np.abs(r).sum()), tuple(map(int, r))))[:limit]
    return [search_arrangement(r, fields=fields, multiples=multiples, max_dimension=max_dimension or max_dimension_for(cone.space.n),
                               max_nodes=max_nodes,
                               max_vectors=MAX_VECTORS, max_subspaces=MAX_SUBSPACES) for r in missing]


def substitutions(inequality, m: int, n: int) -> np.ndarray:
    """Instances of an inequality on ``m`` variables on ``n`` parties, substituting disjoint
    non-empty groups of parties for its variables (valid for linear ranks whenever the
    original is); distinct non-zero rows."""
    big = EntropySpace(n, pure=False)
    out = set()
    for labels in np.ndindex(*([m + 1] * n)):
        groups = [sum(1 << j for j in range(n) if labels[j] == i + 1) for i in range(m)]
        if all(groups):
            row = substituted(inequality, m, groups, n)
            if row.any():
                out.add(tuple(int(v) for v in row))
    return np.array(sorted(out), dtype=np.int64).reshape(-1, big.dim)


def ingleton_instances(n: int) -> set[tuple[int, ...]]:
    """Orbit representatives of the Ingleton inequality on ``n`` parties: its four variables
    replaced by disjoint non-empty groups of parties, optionally conditioned on a further
    group (``h(S) -> h(S + C) - h(C)``, valid for subspaces: the quotient by ``V_C``).  At
    n = 5 these are 4 orbits; Dougherty-Freiling-Zeger count them as Ingleton instances,
    apart from their 24 new inequalities."""
    small, big = EntropySpace(4, pure=False), EntropySpace(n, pure=False)
    out = set()
    for a in rows_of(ingleton(small), small.dim):
        for labels in np.ndindex(*([6] * n)):  # 0: unused, 1-4: a variable, 5: conditioned on
            groups = [sum(1 << j for j in range(n) if labels[j] == i + 1) for i in range(4)]
            if not all(groups):
                continue
            condition = sum(1 << j for j in range(n) if labels[j] == 5)
            row = substituted(a, 4, [g | condition for g in groups], n).astype(np.int64)
            if condition:
                row[big.index[condition]] -= a.sum()
            if row.any():
                out.add(tuple(int(v) for v in big.group.canonical_rows(row[None])[0]))
    return out


register_family("linear-rank", build_linear_rank,
                "LR_n: ranks of subspace arrangements; facets proved by common information, rays realised over GF(q)",
                run_options=("checkpoint", "progress", "executor"))
