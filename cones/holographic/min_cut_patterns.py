"""Min-cut patterns: the only bulk vertices a graph realising an entropy vector needs.

Take a graph with min-cut entropies ``S`` and, for every coordinate ``I``, the
inclusion-minimal min cut ``C_I`` (the intersection of all min cuts of ``I`` is one, by
submodularity of the cut function).  Label each vertex ``v`` by its *pattern*
``x(v) = ([v in C_I])_I``.  Merging vertices with equal patterns keeps every ``C_I`` a cut of
the same weight and creates no cheaper cut, so ``S`` is unchanged: a realisable vector has a
realisation whose vertices are distinct patterns.  A pattern is

* *monotone*: ``I ⊆ J`` implies ``x_I <= x_J`` (minimal min cuts nest), with ``x_∅ = 0``;
* *closed under saturated SSA*: if ``S_I + S_J = S_{I∪J} + S_{I∩J}`` then
  ``x_{I∪J} = x_I or x_J``.  (``cut(C_I ∪ C_J) + cut(C_I ∩ C_J) <= S_I + S_J`` makes
  ``C_I ∪ C_J`` a min cut of ``I ∪ J``; it contains ``C_{I∪J}`` by minimality and is
  contained in it by nesting.)

Party ``p`` has the pattern ``[p in I]`` and the purifier the zero pattern.  Further, an edge
``u v`` may be replaced by the path ``u z v`` through any pattern ``z`` with
``u ∧ v <= z <= u ∨ v``: every coordinate cut crosses the path as often as the edge, and no
cut gets cheaper.  So the edges can be restricted to pairs with no pattern between them
(:func:`interval_edges`).  Extreme rays have few patterns (HEC_5: 32 to 109 of the 7,580
monotone Boolean functions on five parties), which makes realisation a small LP
(:mod:`cones.holographic.realisation`).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cones.space import EntropySpace

# Monotone Boolean functions on n parties are enumerated outright: 7,581 for n = 5, but
# 7,828,354 for n = 6.
MAX_PARTIES = 5


@cache
def _monotone_functions(n: int) -> np.ndarray:
    """Truth tables (bit ``m`` = value on subset mask ``m``) of the monotone functions of n variables."""
    tables = [0, 1]
    for k in range(n):
        half = 1 << k
        tables = [low | high << half for low in tables for high in tables if low & ~high == 0]
    return np.array(tables, dtype=np.uint64)


def admissible_patterns(space: EntropySpace, vector) -> np.ndarray:
    """The patterns (bool rows over the coordinates) that a realisation of ``vector`` may use.

    The boundary patterns come first, in vertex order (the parties, then the purifier).
    """
    if space.n > MAX_PARTIES:
        raise ValueError(f"min-cut patterns are enumerated for at most {MAX_PARTIES} parties, not {space.n}")
    masks = [int(m) for m in space.masks]
    value = dict(zip(masks, (int(v) for v in vector)))
    value[0] = 0
    tables = _monotone_functions(space.n)
    tables = tables[(tables & np.uint64(1)) == 0]  # x_∅ = 0
    bit = lambda m: (tables >> np.uint64(m)) & np.uint64(1)  # noqa: E731
    keep = np.ones(len(tables), dtype=bool)
    for i, a in enumerate(masks):
        for b in masks[i + 1:]:
            if a & b not in (a, b) and value[a] + value[b] == value[a | b] + value[a & b]:
                keep &= (bit(a | b) <= (bit(a) | bit(b)))
    patterns = ((tables[keep][:, None] >> np.array(masks, dtype=np.uint64)) & np.uint64(1)).astype(bool)
    boundary = np.array([[bool(m >> p & 1) for m in masks] for p in range(space.n)]
                        + [[False] * len(masks)])
    bulk = patterns[~(patterns[:, None, :] == boundary[None, :, :]).all(axis=2).any(axis=1)]
    return np.vstack([boundary, bulk])


def interval_edges(patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(u, v)``, ``u < v``, with no third pattern ``z`` in ``u ∧ v <= z <= u ∨ v``."""
    codes = (np.asarray(patterns, dtype=np.int64) << np.arange(patterns.shape[1], dtype=np.int64)).sum(axis=1)
    iu, ju = np.triu_indices(len(codes), 1)
    low, high = codes[iu] & codes[ju], codes[iu] | codes[ju]
    keep = np.ones(len(iu), dtype=bool)
    for z, code in enumerate(codes):  # one pass per pattern keeps memory at O(pairs)
        between = ((code & low) == low) & ((code | high) == high) & (iu != z) & (ju != z)
        keep &= ~between
    return iu[keep], ju[keep]
