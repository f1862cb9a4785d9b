"""Time exact H<->V conversion by ``polytopes.Cone`` against plain pycddlib (``cdd.gmp``).

For each instance: plain pycddlib (matrix -> polyhedron -> generators/inequalities, the
reference), the ``polytopes._cdd`` wrapper (the same plus integer rows), and a fresh
``Cone`` asked for its minimal canonical other representation (conversion + exact
redundancy removal + canonical form).  Prints best-of-k seconds and ratios to the reference.

    .venv/bin/python benchmarks/bench_conversion.py
"""

from __future__ import annotations

import sys
import time
from itertools import combinations
from pathlib import Path

import cdd
import cdd.gmp as gmp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _cone_examples import elemental_inequalities, ingleton_instances, subset_order  # noqa: E402

from polytopes import Cone, _cdd  # noqa: E402
from polytopes import canonical_rows  # noqa: E402


def ssa_cone(n: int) -> np.ndarray:
    """Strong subadditivity I(i;j|K) >= 0 for n parties and a purifier (bit n), purified."""
    parties, full = n + 1, (1 << (n + 1)) - 1
    index = {m: i for i, m in enumerate(subset_order(n))}

    def coordinate(mask):
        return index.get(full & ~mask if mask >> n & 1 else mask)

    rows = []
    for i, j in combinations(range(parties), 2):
        rest = [k for k in range(parties) if k not in (i, j)]
        for size in range(len(rest) + 1):
            for K in combinations(rest, size):
                k, v = sum(1 << x for x in K), np.zeros(len(index), dtype=np.int64)
                for c, m in ((1, k | 1 << i), (1, k | 1 << j), (-1, k | 1 << i | 1 << j), (-1, k)):
                    if coordinate(m) is not None:
                        v[coordinate(m)] += c
                rows.append(v)
    return canonical_rows(rows, len(index))


def cyclic_rays(d: int, points: int) -> np.ndarray:
    """The cone over the cyclic polytope: rays (1, t, t^2, ..., t^(d-1)), t = 1..points."""
    return np.array([[t**k for k in range(d)] for t in range(1, points + 1)], dtype=np.int64)


def _plain(rows, rep_type):
    arr = [[0] + [int(v) for v in r] for r in rows]
    if rep_type == cdd.RepType.GENERATOR:
        arr = [[1] + [0] * len(rows[0])] + arr
    poly = gmp.polyhedron_from_matrix(gmp.matrix_from_array(arr, rep_type=rep_type))
    out = gmp.copy_generators(poly) if rep_type == cdd.RepType.INEQUALITY else gmp.copy_inequalities(poly)
    return len(out.array)


def _best(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(repeat: int = 5) -> None:
    gamma4 = elemental_inequalities(4)
    instances = [
        ("Gamma4", "H->V", gamma4),
        ("Gamma4 & Ingleton", "H->V", np.vstack([gamma4, ingleton_instances()])),
        ("SSA cone n=4 (pure)", "H->V", ssa_cone(4)),
        ("Gamma4 rays", "V->H", Cone.from_h(gamma4).rays),
        ("cyclic cone d=8, 24 rays", "V->H", cyclic_rays(8, 24)),
    ]
    print(f"{'instance':28} {'dir':5} {'rows':>5} {'out':>6} {'plain cdd s':>12} {'wrapper s':>10} "
          f"{'Cone s':>9} {'wrap/plain':>10} {'Cone/plain':>10}")
    for name, direction, rows in instances:
        rows = np.asarray(rows)
        width = rows.shape[1]
        if direction == "H->V":
            t_plain, _ = _best(lambda: _plain(rows.tolist(), cdd.RepType.INEQUALITY), repeat)
            t_wrap, _ = _best(lambda: _cdd.h_to_v(rows, [], width), repeat)
            t_cone, out = _best(lambda: len(Cone.from_h(rows).rays), repeat)
        else:
            t_plain, _ = _best(lambda: _plain(rows.tolist(), cdd.RepType.GENERATOR), repeat)
            t_wrap, _ = _best(lambda: _cdd.v_to_h(rows, [], width), repeat)
            t_cone, out = _best(lambda: len(Cone.from_v(rows).inequalities), repeat)
        print(f"{name:28} {direction:5} {len(rows):5d} {out:6d} {t_plain:12.4f} {t_wrap:10.4f} "
              f"{t_cone:9.4f} {t_wrap / t_plain:10.2f} {t_cone / t_plain:10.2f}")


if __name__ == "__main__":
    main()
