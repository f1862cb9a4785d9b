"""The hypergraph entropy cone HC_n (Bao, Cheng, Hernández-Cuenca, Su, arXiv:2002.05317).

Built from first principles as a sandwich (:mod:`cones.core.sandwich`), like the holographic cone:
the outer bound starts at SA and the elemental SSA instances on the purified parties and grows
by inequalities proved with set-contraction maps (:mod:`cones.hypergraph.set_contraction`); the inner
bound is the cone of entropy vectors of hypergraphs found by
:mod:`cones.hypergraph.realisation` (the min-cut-pattern LP, the bulk-vertex MILP as fallback)
or by the refuter's random search.  Inequalities beyond
SA and SSA (the purified Ingleton instances at n=4) are *found* as facets of the inner bound.
HC_3 = the SSA cone (12 facets in 2 orbits, 8 rays in 3 orbits); HC_4 = SSA + purified
Ingleton (70 facets in 3 orbits, 46 rays in 7 orbits).
"""

from __future__ import annotations

from functools import partial
from itertools import permutations

from cones.core import inequality_families as families
from cones.core.bounds import EntropyCone
from cones.core.catalogue import register_family
from cones.holographic.contraction import Invalid, Proved
from cones.hypergraph.hypergraphs import Hypergraph
from cones.hypergraph.realisation import HypergraphRealised, realise_ray_by_hypergraph, realised_by
from cones.core.sandwich import SandwichFamily, tighten
from cones.hypergraph.set_contraction import find_violating_hypergraph, prove_by_set_contraction
from cones.space import EntropySpace

# Bulk vertices tried by the MILP fallback when realising an extreme ray of the outer bound.
MAX_BULK = {1: 1, 2: 1, 3: 1, 4: 1, 5: 2}
# Seconds the pattern LP, and the MILP per number of bulk vertices, may spend before a ray counts as not realised.
TIME_LIMIT = 5.0


def _prove(space: EntropySpace, row):
    # A violating hypergraph is found in a fraction of a second, while the SAT solver may
    # take long to show that no set-contraction exists: look for one first.
    if find_violating_hypergraph(space, row) is not None:
        return None
    result = prove_by_set_contraction(row, space, counterexample=False)
    return result.certificate if isinstance(result, Proved) else None


def _realise(space: EntropySpace, max_bulk: int, row) -> HypergraphRealised | None:
    result = realise_ray_by_hypergraph(row, space, max_bulk=max_bulk, time_limit=TIME_LIMIT)
    return result if isinstance(result, HypergraphRealised) else None


def _refute(space: EntropySpace, row):
    found = find_violating_hypergraph(space, row)
    if not isinstance(found, Invalid):
        return None
    return _canonical_realisation(found.model)


def _canonical_realisation(hypergraph) -> tuple[tuple[int, ...], HypergraphRealised]:
    """The canonical ray of the hypergraph's orbit, realised by a relabelled copy (the
    sandwich stores and checks model vectors by their canonical orbit representative)."""
    space = hypergraph.space
    key = tuple(int(v) for v in space.group.canonical(realised_by(hypergraph).ray))
    labels = space.all_labels
    for image in permutations(labels):
        rename = dict(zip(labels, image))
        copy = Hypergraph(space.n, [(tuple(rename.get(v, v) for v in members), w) for members, w in hypergraph.hyperedges],
                          vertices=[rename.get(v, v) for v in hypergraph.vertices])
        cert = realised_by(copy)
        if cert.ray == key:
            return key, cert
    raise AssertionError("the canonical representative is not the vector of any relabelling")


def hypergraph_family(n: int, *, max_bulk: int | None = None) -> SandwichFamily:
    """The prover, realiser, refuter and seeds (SA + elemental SSA) of HC_n."""
    space = EntropySpace(n, pure=True)
    seeds = [q.row for q in (*families.sa(space, representatives=True),
                             *families.ssa(space, elemental=True, representatives=True))]
    bulk = MAX_BULK.get(n, 2) if max_bulk is None else max_bulk
    return SandwichFamily(
        name="hypergraph", space=space,
        prove=partial(_prove, space), realise=partial(_realise, space, bulk), refute=partial(_refute, space),
        seeds=[tuple(map(int, s)) for s in seeds],
    )


def build_hypergraph(n: int, *, executor=None, checkpoint=None, progress: bool = True, max_bulk: int | None = None) -> EntropyCone:
    """HC_n from first principles: facets proved by set-contraction, rays realised by hypergraphs."""
    return tighten(hypergraph_family(n, max_bulk=max_bulk), executor=executor,
                   checkpoint=checkpoint, progress=progress)


register_family("hypergraph", build_hypergraph,
                "HC_n: hypergraph min-cut entropies; facets proved by set-contraction, rays realised by hypergraphs",
                run_options=("checkpoint", "progress", "executor"))
