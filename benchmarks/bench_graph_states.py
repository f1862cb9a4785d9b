"""Entropy vectors per second: batched bit-packed GF(2) ranks (cones.stabilizer.graph_states) against
per-state references in the same run — a state-vector Schmidt decomposition (numpy SVD) and
the exact stabilizer-tableau ranks (cones.stabilizer).

Run: .venv/bin/python benchmarks/bench_graph_states.py [--sample 300]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from cones.stabilizer.graph_states import all_graphs, graph_state_entropy_vectors, unpack_adjacency
from cones.space import EntropySpace
from cones.stabilizer.states import graph_state
from cones.stabilizer.cone import graph_classes, party_assignments


def _state_vector_entropy_vector(adjacency, space: EntropySpace) -> list[int]:
    """Per-state reference: build |G> and take log2 Schmidt ranks of every coordinate's cut."""
    m = len(adjacency)
    x = (np.arange(1 << m)[:, None] >> np.arange(m - 1, -1, -1)) & 1
    psi = (-1.0) ** (np.einsum("ki,ij,kj->k", x, np.triu(adjacency, 1), x) % 2)
    psi = psi.reshape((2,) * m)
    out = []
    for mask in space.masks:
        subset = [q for q in range(m) if mask >> q & 1]
        rest = [q for q in range(m) if not mask >> q & 1]
        s = np.linalg.svd(np.transpose(psi, subset + rest).reshape(1 << len(subset), -1), compute_uv=False)
        out.append(int(round(np.log2(np.count_nonzero(s > 1e-6 * s[0])))))
    return out


def _rate(count: int, seconds: float) -> float:
    return count / max(seconds, 1e-12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=300, help="graphs for the per-state references")
    args = parser.parse_args()
    space = EntropySpace(5)
    identity = [list(range(6))]

    graphs = all_graphs(6)
    start = time.perf_counter()
    batch = graph_state_entropy_vectors(graphs, identity, 5)[:, 0]
    batch_time = time.perf_counter() - start
    batch_rate = _rate(len(graphs), batch_time)

    sample = np.random.default_rng(0).choice(len(graphs), args.sample, replace=False)
    adjacency = unpack_adjacency(graphs[sample]).astype(np.int64)
    start = time.perf_counter()
    reference = [_state_vector_entropy_vector(a, space) for a in adjacency]
    svd_rate = _rate(len(sample), time.perf_counter() - start)
    start = time.perf_counter()
    tableau = [graph_state(a).entropy_vector([[q] for q in range(5)]).tolist() for a in adjacency]
    tableau_rate = _rate(len(sample), time.perf_counter() - start)
    assert reference == tableau == batch[sample].tolist(), "the three computations disagree"

    print("six-qubit graph states, one qubit per party (n=5, 31 coordinates)")
    print(f"  batch GF(2), all {len(graphs)} graphs: {batch_time:.3f} s, {batch_rate:,.0f} vectors/s")
    print(f"  state-vector SVD, {len(sample)} graphs: {svd_rate:,.0f} vectors/s   ratio batch/SVD = {batch_rate / svd_rate:,.0f}x")
    print(f"  tableau GF(p) ranks, {len(sample)} graphs: {tableau_rate:,.0f} vectors/s   ratio batch/tableau = {batch_rate / tableau_rate:,.0f}x")

    # Many assignments: every graph class on 8 qubits, every assignment to 5 parties (n=4).
    rows, assignments = graph_classes(8), party_assignments(8, 4)
    start = time.perf_counter()
    vectors = graph_state_entropy_vectors(rows, assignments, 4)
    seconds = time.perf_counter() - start
    print(f"eight-qubit graph classes x assignments (n=4): {vectors.shape[0]} graphs x {vectors.shape[1]} "
          f"assignments = {vectors.shape[0] * vectors.shape[1]:,} vectors in {seconds:.2f} s, "
          f"{_rate(vectors.shape[0] * vectors.shape[1], seconds):,.0f} vectors/s")


if __name__ == "__main__":
    main()
