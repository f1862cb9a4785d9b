"""Random tensor networks, in one run: the exact replica sum by variable elimination and by
vectorised enumeration against the plain Python enumeration of all (m!)^k permutation
assignments; and the sampler's time per sample along cotengra's optimised contraction path
against the naive order (each tensor contracted into the running product).

Run: .venv/bin/python benchmarks/bench_tensor_networks.py [--bulk 8] [--samples 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from cones.tensor_networks import Network
from cones.tensor_networks.replica import replica_moments
from cones.tensor_networks.sampler import boundary_state, contraction_path


def ring(bulk: int, dimension: int = 2) -> Network:
    """A ring of ``bulk`` vertices, non-flat rational links around it, the parties A, B, C and O
    attached at four points."""
    links = [(i, (i + 1) % bulk, dimension, None) for i in range(bulk)]
    links[0] = (0, 1, 2, ["1/3", "2/3"])
    for label, at in zip("ABCO", (0, bulk // 4, bulk // 2, 3 * bulk // 4)):
        links.append((label, at, dimension, ["1/4", "3/4"] if label == "A" else None))
    return Network(3, links)


def grid(rows: int, cols: int, dimension: int) -> Network:
    """A rows x cols grid of bulk vertices; A, B, C, O each on one side of it."""
    links = [((r, c), (r, c + 1), dimension) for r in range(rows) for c in range(cols - 1)]
    links += [((r, c), (r + 1, c), dimension) for r in range(rows - 1) for c in range(cols)]
    links += [("A", (r, 0), dimension) for r in range(rows)] + [("B", (r, cols - 1), dimension) for r in range(rows)]
    links += [("C", (0, c), dimension) for c in range(1, cols - 1)] + [("O", (rows - 1, c), dimension) for c in range(1, cols - 1)]
    return Network(3, links)


def _timed(fn, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return out, (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=12, help="bulk vertices of the replica ring")
    parser.add_argument("--samples", type=int, default=5, help="samples per contraction path")
    args = parser.parse_args()

    for m, bulk in ((2, args.bulk), (3, max(3, args.bulk // 2))):
        net = ring(bulk)
        plain, t_plain = _timed(lambda: replica_moments(net, m, "plain"))
        vector, t_vector = _timed(lambda: replica_moments(net, m, "enumerate"))
        elim, t_elim = _timed(lambda: replica_moments(net, m, "eliminate"))
        assert plain == vector == elim, "the evaluators disagree"
        print(f"replica m={m}, ring of {bulk} bulk vertices ({len(plain)} regions, exact rationals): "
              f"plain {t_plain:.3f} s, enumerate {t_vector:.3f} s, eliminate {t_elim:.3f} s; "
              f"plain/enumerate = {t_plain / t_vector:.1f}x, plain/eliminate = {t_plain / t_elim:.1f}x")

    net = grid(4, 5, 2)
    t0 = time.perf_counter()
    best = contraction_path(net, optimize=True)
    t_path = time.perf_counter() - t0
    naive = contraction_path(net, optimize=False)
    seeds = np.random.SeedSequence(0).spawn(args.samples)
    psi_best, t_best = _timed(lambda: [boundary_state(net, np.random.default_rng(s), best) for s in seeds])
    psi_naive, t_naive = _timed(lambda: [boundary_state(net, np.random.default_rng(s), naive) for s in seeds])
    assert all(np.allclose(a, b) for a, b in zip(psi_best, psi_naive)), "the paths disagree"
    print(f"sampler, 4x5 grid with D=2 ({len(net.links)} links): per sample optimised {t_best / args.samples:.4f} s, "
          f"naive order {t_naive / args.samples:.4f} s; naive/optimised = {t_naive / t_best:.1f}x "
          f"(finding the path once: {t_path:.2f} s)")


if __name__ == "__main__":
    main()
