"""Benchmark of the linear-rank pipeline: stage times of LR_4 and ratios against references.

    .venv/bin/python benchmarks/bench_linear_rank.py [--n5] [--lr5 [CHECKPOINT]]

Figures printed:
* LR_4 from nothing: time per sandwich stage, facet/ray counts;
* rank vectors: batched elimination (``rank_vectors``) vs one arrangement at a time with
  ``galois`` (``SubspaceArrangement.rank_vector``), same arrangements;
* realisation of the LR_4 ray orbits: targeted search (``find_arrangement``) vs an exhaustive library
  of all arrangements over GF(2)^3 and GF(3)^2 looked up by ray;
* proving Zhang-Yeung and rejecting reversed Ingleton: float screen + one exact certificate (``prove_by_common_information``) vs the exact LP
  certificate (``polytopes.lp.implied``) on every candidate extension;
* quantum linear rank at n=4 from the stored LR_4 (balancing, S_5 closure, exact redundancy removal);
* ``--n5``: the pieces for LR_5 (lifted seeds and their proofs, realisation of sample rays, the search
  report of a ray that is not linear);
* ``--lr5``: the whole LR_5 sandwich with a checkpoint (resumable; default /tmp/lr5.jsonl), time of each
  stage, and the counts against the published ones: DFZ's 1,905 facets, 7,943 rays in 162 orbits and
  24 new orbits, and the 10,860 facets in 31 orbits of the quantum linear-rank cone.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from cones.linear_rank.common_information import _cached_elemental, candidate_pairs, extension_equations, lift, party_stabilizer, prove_by_common_information
from cones.expressions import parse_inequality
from cones.core import inequality_families as families
from cones.core.inequality_families import ingleton, rows_of
from cones.linear_rank.cone import build_linear_rank, ingleton_instances, lifted_seeds
from cones.linear_rank.quantum_linear_rank import build_quantum_linear_rank, purified_rows
from cones.core.sandwich import full_orbits, irredundant
from cones.space import EntropySpace
from cones.linear_rank.subspaces import (SubspaceArrangement, exhaustive_arrangements, random_arrangements, rank_vectors,
                             find_arrangement, search_arrangement)
from polytopes import primitive
from polytopes import rank
from polytopes.lp import implied


def clock(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def lr4():
    cone, t = clock(build_linear_rank, 4)
    stages = ", ".join(f"{k} {v:.3f}s" for k, v in cone.timings.items())
    print(f"LR_4 from nothing: {t:.2f}s ({stages}); {cone.status}: {len(cone.facets)} facets in "
          f"{len(cone.facet_orbits)} orbits, {len(cone.rays)} rays in {len(cone.ray_orbits)} orbits")
    return cone


def ranks():
    batch = random_arrangements(3, 5, 4, 300, dims=[2, 2, 3, 3], rng=0)
    fast, t_fast = clock(rank_vectors, 3, batch)
    slow, t_slow = clock(lambda: np.array([SubspaceArrangement(3, list(b)).rank_vector() for b in batch]))
    assert np.array_equal(fast, slow)
    print(f"rank vectors of 300 arrangements over GF(3)^5: batched {t_fast:.3f}s, galois one by one "
          f"{t_slow:.3f}s, ratio {t_slow / t_fast:.1f}x")


def realisation(cone):
    reps = cone.ray_representatives
    _, t_search = clock(lambda: [find_arrangement(r) for r in reps])

    def library():
        found = {}
        for q, d in ((2, 3), (3, 2)):
            for batch in exhaustive_arrangements(q, d, 4):
                for h in rank_vectors(q, batch):
                    found.setdefault(primitive(h.tolist()), True)
        group = EntropySpace(4, pure=False).group
        keys = {tuple(group.canonical(np.array(k))) for k in found if any(k)}
        return sum(tuple(r) in keys for r in reps)

    hits, t_library = clock(library)
    print(f"realising the {len(reps)} LR_4 ray orbits: targeted search {t_search:.3f}s, exhaustive library "
          f"{t_library:.3f}s ({hits} of {len(reps)} found), ratio {t_library / t_search:.1f}x")


def proving():
    space = EntropySpace(4, pure=False)
    zhang_yeung = parse_inequality("I(A:B) + I(A:CD) + 3 I(C:D|A) + I(C:D|B) >= 2 I(C:D)", space).row
    for name, a in (("Zhang-Yeung", np.asarray(zhang_yeung, dtype=np.int64)),
                    ("reversed Ingleton (invalid)", -rows_of(ingleton(space), space.dim)[0])):
        proving_one(name, a)


def proving_one(name, a):
    proof, t_prove = clock(prove_by_common_information, a, 4)

    def exact_every_pair():
        big, _, rows = _cached_elemental(5)
        target = lift(a, 4, 5).astype(np.int64)
        for pair in candidate_pairs(4, party_stabilizer(a, 4)):
            if implied(rows, target, extension_equations(big, 4, *pair)) is not None:
                return pair

    _, t_ref = clock(exact_every_pair)
    print(f"proving {name}: prove {t_prove:.3f}s ({proof.describe() if proof else 'no proof'}), "
          f"exact LP per candidate pair {t_ref:.3f}s, ratio {t_ref / t_prove:.1f}x")


def n5(cone4):
    seeds, t_seeds = clock(lifted_seeds, 5, cone4)
    proofs, t_proofs = clock(lambda: [prove_by_common_information(s, 5) for s in seeds])
    print(f"LR_5 seeds from LR_4: {len(seeds)} orbits in {t_seeds:.3f}s, all proved: "
          f"{all(p is not None for p in proofs)} in {t_proofs:.3f}s "
          f"({', '.join(p.describe() for p in proofs if p)})")
    batch = random_arrangements(2, 5, 5, 40, dims=2, rng=1)
    targets = [np.array(primitive(h.tolist())) for h in rank_vectors(2, batch)]
    found, t = clock(lambda: [find_arrangement(r) for r in targets])
    print(f"realising 40 random rank vectors on 5 parties (GF(2)^5): {sum(f is not None for f in found)} "
          f"found in {t:.3f}s ({t / 40 * 1000:.1f} ms each)")
    space4, space5 = EntropySpace(4, pure=False), EntropySpace(5, pure=False)
    h = np.array([{1: 2, 2: 3}.get(bin(int(m)).count("1"), 4) for m in space4.masks])
    h[space4.index[0b1100]] = 4  # violates Ingleton; E added as an independent rank-one part
    ray = np.array([(h[space4.index[int(m) & 15]] if int(m) & 15 else 0) + (int(m) >> 4) for m in space5.masks])
    report, t = clock(search_arrangement, ray)
    print(f"a non-linear ray on 5 parties: {t:.3f}s to report {report}")


def quantum(cone4):
    cone, t = clock(build_quantum_linear_rank, 4, linear_rank=cone4)
    print(f"quantum linear rank, n=4, from LR_4: {t:.2f}s; {len(cone.facets)} facets in {len(cone.facet_orbits)} "
          f"S_5-orbits ({cone.notes})")


def lr5(checkpoint):
    """LR_5 with its stage times, and the published counts from what is proved and realised
    (also when the last enumeration stops at its time limit): facets, rays, DFZ's 24 new orbits
    and the quantum linear-rank cone they give."""
    cone, t = clock(build_linear_rank, 5, checkpoint=checkpoint, progress=True)
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in cone.timings.items())
    print(f"LR_5: {t:.1f}s ({stages}); {cone.status}")
    space, group = cone.space, cone.space.group
    reps = irredundant(sorted(cone.facet_certificates), group)
    rows = full_orbits(reps, group, space.dim)
    rays = [r for r in cone.ray_certificates if (rows @ np.array(r) >= 0).all()
            and rank(rows[rows @ np.array(r) == 0]) == space.dim - 1]
    rays = full_orbits(rays, group, space.dim)
    print(f"outer bound: {len(rows)} facets in {len(reps)} orbits (DFZ: 1905); realised extreme rays: {len(rays)} in "
          f"{len(group.orbits(rays))} orbits (DFZ: 7943 in 162)")
    new = [f for f in reps if cone.facet_certificates[f].extensions and f not in ingleton_instances(5)]
    print(f"facet orbits beyond Shannon and the Ingleton instances: {len(new)} (DFZ: 24)")
    pure = EntropySpace(5, pure=True)
    ssa = pure.group.canonical_rows(rows_of(families.ssa(pure, elemental=True), pure.dim))
    quantum = irredundant(sorted(map(tuple, np.unique(np.vstack([purified_rows(np.array(reps), 5), ssa]), axis=0).tolist())),
                          pure.group)
    print(f"quantum linear rank from them: {len(full_orbits(quantum, pure.group, pure.dim))} facets in {len(quantum)} "
          "S_6-orbits (expected 10860 in 31)")


def main(argv):
    cone = lr4()
    ranks()
    realisation(cone)
    proving()
    quantum(cone)
    if "--n5" in argv:
        n5(cone)
    if "--lr5" in argv:
        rest = argv[argv.index("--lr5") + 1:]
        lr5(rest[0] if rest and not rest[0].startswith("-") else "/tmp/lr5.jsonl")


if __name__ == "__main__":
    main(sys.argv[1:])
