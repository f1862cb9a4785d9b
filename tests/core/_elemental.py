"""Gamma_n written out from its definition, independently of cones (for the certificate checks)."""

from itertools import combinations


def coordinates(n):
    """Non-empty subsets of range(n) as bit masks, cardinality then lexicographic."""
    subsets = [sum(1 << i for i in c) for k in range(1, n + 1) for c in combinations(range(n), k)]
    return {mask: i for i, mask in enumerate(subsets)}


def elemental_rows(n):
    """H(N) - H(N - i) >= 0 and I(i:j|K) >= 0, as integer rows."""
    index, full = coordinates(n), (1 << n) - 1
    rows = []

    def row(terms):
        r = [0] * len(index)
        for mask, c in terms:
            if mask:
                r[index[mask]] += c
        return tuple(r)

    for i in range(n):
        rows.append(row([(full, 1), (full & ~(1 << i), -1)]))
    for i, j in combinations(range(n), 2):
        rest = [p for p in range(n) if p not in (i, j)]
        for k in range(len(rest) + 1):
            for K in combinations(rest, k):
                m = sum(1 << p for p in K)
                rows.append(row([(m | 1 << i, 1), (m | 1 << j, 1), (m | 1 << i | 1 << j, -1), (m, -1)]))
    return rows
