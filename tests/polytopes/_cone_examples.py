"""Cones shared by the polytopes tests, built from first principles (no entropy package).

Coordinates: the non-empty subsets of ``range(n)`` in cardinality-then-lexicographic order.
"""

from itertools import combinations

import numpy as np


def subset_order(n):
    """Bitmask of each coordinate, cardinality first, then lexicographic."""
    return [sum(1 << i for i in c) for k in range(1, n + 1) for c in combinations(range(n), k)]


def entropy_vector(n, terms):
    """Coefficient vector of ``sum c * h(mask)`` (h of the empty set is 0)."""
    index = {m: i for i, m in enumerate(subset_order(n))}
    v = np.zeros(len(index), dtype=np.int64)
    for c, mask in terms:
        if mask:
            v[index[mask]] += c
    return v


def mutual_information(n, a, b, c=0):
    """``I(a;b|c) = h(ac) + h(bc) - h(abc) - h(c)`` for disjoint bitmasks."""
    return entropy_vector(n, [(1, a | c), (1, b | c), (-1, a | b | c), (-1, c)])


def elemental_inequalities(n):
    """The n + C(n,2) 2^(n-2) elemental Shannon inequalities (rows a, meaning a.h >= 0)."""
    full = (1 << n) - 1
    rows = [entropy_vector(n, [(1, full), (-1, full & ~(1 << i))]) for i in range(n)]
    for i, j in combinations(range(n), 2):
        rest = [k for k in range(n) if k not in (i, j)]
        for size in range(len(rest) + 1):
            for K in combinations(rest, size):
                rows.append(mutual_information(n, 1 << i, 1 << j, sum(1 << k for k in K)))
    return np.array(rows)


def ingleton_instances():
    """The 6 Ingleton inequalities on 4 variables: I(i;j|k)+I(i;j|l)+I(k;l)-I(i;j) >= 0."""
    rows = []
    for i, j in combinations(range(4), 2):
        k, l = (1 << m for m in range(4) if m not in (i, j))
        a, b = 1 << i, 1 << j
        rows.append(mutual_information(4, a, b, k) + mutual_information(4, a, b, l)
                    + mutual_information(4, k, l) - mutual_information(4, a, b))
    return np.array(rows)
