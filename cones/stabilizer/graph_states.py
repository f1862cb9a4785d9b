"""Graph-state entropies, batched: ``S(Y) = rank_GF(2) Gamma[Y, Y^c]`` (Hein, Eisert,
Briegel, quant-ph/0307130), for many graphs and many party assignments at once.

A graph on ``m <= 63`` qubits is stored bit-packed: ``rows[i]`` is the uint64 bitmask of the
neighbours of qubit ``i``.  Ranks come from a GF(2) elimination on such bitmask rows,
vectorised with numpy across every matrix of a batch.  For each graph the entropy of every
qubit subset is computed once (a table of ``2**m`` entries, using ``S(Y) = S(Y^c)``); the
entropy vector of an assignment of qubits to parties is then a lookup in that table.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from cones.space import EntropySpace

MAX_QUBITS = 24  # the subset table has 2**m entries per graph
# Bitmask rows per vectorised block of the rank computation.
_BLOCK = 1 << 22


def pack_adjacency(adjacency) -> np.ndarray:
    """Adjacency matrices (``(m, m)`` or a stack ``(..., m, m)``, 0/1, symmetric, zero
    diagonal) as neighbour bitmasks, uint64 of shape ``(..., m)``."""
    a = np.asarray(adjacency)
    if a.dtype != bool and not np.issubdtype(a.dtype, np.integer):
        raise TypeError(f"adjacency entries must be 0/1 integers, got dtype {a.dtype}")
    if a.ndim < 2 or a.shape[-1] != a.shape[-2] or a.shape[-1] == 0:
        raise ValueError(f"adjacency must be square matrices (..., m, m), got shape {a.shape}")
    m = a.shape[-1]
    if m > 63:
        raise ValueError(f"at most 63 qubits fit a bit-packed row, got {m}")
    a = a.astype(np.int64)
    if np.any((a != 0) & (a != 1)):
        raise ValueError("adjacency entries must be 0 or 1 (qubit graph states)")
    if not np.array_equal(a, np.swapaxes(a, -1, -2)):
        raise ValueError("adjacency matrix is not symmetric")
    if np.any(np.diagonal(a, axis1=-2, axis2=-1)):
        raise ValueError("adjacency matrix has a non-zero diagonal (self-loops)")
    weights = np.left_shift(np.uint64(1), np.arange(m, dtype=np.uint64))
    return (a.astype(np.uint64) * weights).sum(axis=-1, dtype=np.uint64)


def unpack_adjacency(rows) -> np.ndarray:
    """Inverse of :func:`pack_adjacency`: 0/1 int8 adjacency matrices."""
    rows = np.asarray(rows, dtype=np.uint64)
    m = rows.shape[-1]
    bits = np.right_shift(rows[..., None], np.arange(m, dtype=np.uint64)) & np.uint64(1)
    return bits.astype(np.int8)


def edges_to_adjacency(edges, m: int) -> np.ndarray:
    """0/1 adjacency matrix of a simple graph on ``m`` vertices from an edge list."""
    a = np.zeros((m, m), dtype=np.int8)
    for edge in edges:
        i, j = edge
        if not (0 <= i < m and 0 <= j < m) or i == j:
            raise ValueError(f"edge {edge!r} is not a pair of distinct vertices in range({m})")
        a[i, j] = a[j, i] = 1
    return a


def all_graphs(m: int) -> np.ndarray:
    """All ``2**(m(m-1)/2)`` labelled graphs on ``m`` vertices, bit-packed; graph ``g`` has
    edge ``e`` (pairs in lexicographic order) iff bit ``e`` of ``g`` is set."""
    pairs = list(combinations(range(m), 2))
    if len(pairs) > 30:
        raise ValueError(f"too many labelled graphs on {m} vertices (2**{len(pairs)})")
    g = np.arange(1 << len(pairs), dtype=np.uint64)
    rows = np.zeros((len(g), m), dtype=np.uint64)
    for e, (i, j) in enumerate(pairs):
        bit = (g >> np.uint64(e)) & np.uint64(1)
        rows[:, i] |= bit << np.uint64(j)
        rows[:, j] |= bit << np.uint64(i)
    return rows


def gf2_ranks(rows) -> np.ndarray:
    """Ranks over GF(2) of bit-packed matrices: ``rows`` uint64 of shape ``(..., r)``, each
    entry one matrix row as a bitmask.  Elimination on the lowest set bit of each row,
    vectorised over the batch."""
    rows = np.asarray(rows, dtype=np.uint64)
    lead, r = rows.shape[:-1], rows.shape[-1]
    flat = rows.reshape(-1, r)
    out = np.empty(len(flat), dtype=np.int64)
    step = max(1, _BLOCK // max(r, 1))
    for start in range(0, len(flat), step):
        out[start : start + step] = _gf2_rank_block(flat[start : start + step].copy())
    return out.reshape(lead)


def _gf2_rank_block(a: np.ndarray) -> np.ndarray:
    rank = np.zeros(len(a), dtype=np.int64)
    one = np.uint64(1)
    for i in range(a.shape[1]):
        pivot = a[:, i]
        rank += pivot != 0
        lowest = pivot & (~pivot + one)
        rest = a[:, i + 1 :]
        rest ^= np.where((rest & lowest[:, None]) != 0, pivot[:, None], np.uint64(0))
    return rank


def subset_entropy_table(rows) -> np.ndarray:
    """Entropy ``S(Y)`` of every qubit subset ``Y`` (indexed by its bitmask) of each graph:
    ``rows`` uint64 ``(G, m)`` -> int8 ``(G, 2**m)``."""
    rows = np.atleast_2d(np.asarray(rows, dtype=np.uint64))
    count, m = rows.shape
    if m > MAX_QUBITS:
        raise ValueError(f"a subset table on {m} qubits is too large (at most {MAX_QUBITS})")
    full = (1 << m) - 1
    # Subsets without the last qubit; their complements follow from S(Y) = S(Y^c).
    half = np.arange(1 << (m - 1), dtype=np.uint64)
    inside = (half[:, None] >> np.arange(m, dtype=np.uint64)) & np.uint64(1)  # (H, m)
    outside = ~half & np.uint64(full)
    table = np.empty((count, 1 << m), dtype=np.int8)
    step = max(1, _BLOCK // (len(half) * m))
    for start in range(0, count, step):
        block = rows[start : start + step]
        cut = block[:, None, :] & outside[None, :, None]  # row i restricted to Y^c
        cut = np.where(inside[None, :, :] != 0, cut, np.uint64(0))  # only rows i in Y
        ranks = gf2_ranks(cut).astype(np.int8)
        table[start : start + step, : len(half)] = ranks
        table[start : start + step, full - half.astype(np.int64)] = ranks
    return table


def assignment_masks(assignments, n: int) -> np.ndarray:
    """For each assignment (row: party of each qubit, ``0..n-1``, or ``n`` = purifier O) and
    each coordinate of ``EntropySpace(n)``, the bitmask of the qubits it holds: ``(A, 2**n-1)``."""
    a = np.atleast_2d(np.asarray(assignments))
    if not np.issubdtype(a.dtype, np.integer):
        raise TypeError(f"assignments must be integers, got dtype {a.dtype}")
    if a.size and (a.min() < 0 or a.max() > n):
        raise ValueError(f"assignment values must be parties 0..{n} (n = purifier)")
    m = a.shape[1]
    coords = EntropySpace(n).masks.astype(np.int64)
    held = (coords[None, :, None] >> a[:, None, :]) & 1  # (A, D, m); bit n of a mask is never set
    return (held << np.arange(m, dtype=np.int64)).sum(axis=2)


def graph_state_entropy_vectors(rows, assignments, n: int) -> np.ndarray:
    """Entropy vectors of every graph (bit-packed ``rows``, ``(G, m)``) under every party
    assignment (``(A, m)``): int8 array ``(G, A, 2**n - 1)``."""
    rows = np.atleast_2d(np.asarray(rows, dtype=np.uint64))
    assignments = np.atleast_2d(np.asarray(assignments))
    if assignments.shape[1] != rows.shape[1]:
        raise ValueError(
            f"assignments give parties to {assignments.shape[1]} qubits; they must cover every "
            f"qubit of the graphs ({rows.shape[1]})"
        )
    masks = assignment_masks(assignments, n)
    table = subset_entropy_table(rows)
    return table[:, masks]


def graph_state_entropy_vector(adjacency, assignment, n: int) -> np.ndarray:
    """Entropy vector of one graph state (0/1 adjacency matrix) under one assignment.

    Examples
    --------
    The star graph on three qubits (a GHZ state up to local Cliffords), one qubit per party:

    >>> import numpy as np
    >>> star = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    >>> graph_state_entropy_vector(star, [0, 1, 2], 2).tolist()
    [1, 1, 1]

    References: graph-state entropies are GF(2) ranks of adjacency blocks (Hein, Eisert, Briegel).
    """
    return graph_state_entropy_vectors(pack_adjacency(adjacency)[None], [assignment], n)[0, 0].astype(np.int64)
