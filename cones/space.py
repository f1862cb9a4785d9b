"""Entropy spaces: parties, subsets and the coordinate order shared by every module.

An entropy vector of ``n`` parties has ``2**n - 1`` coordinates, one per non-empty subset,
in cardinality-then-lexicographic order (``A, B, C, AB, AC, BC, ABC`` for n=3).  Subsets are
bitmasks: bit ``i`` is party ``i`` (label ``"ABCDEFGHIJKLMN"[i]``); in a pure-state space the
purifier ``O`` is bit ``n`` and a subset containing it stands for its complement.
"""

from __future__ import annotations

from functools import cached_property
from itertools import combinations

import numpy as np

LABELS = "ABCDEFGHIJKLMN"
PURIFIER = "O"
MAX_PARTIES = len(LABELS)


def subset_masks(n: int) -> list[int]:
    """Non-empty subsets of ``range(n)`` as bitmasks, in cardinality-then-lexicographic order."""
    return [sum(1 << i for i in c) for k in range(1, n + 1) for c in combinations(range(n), k)]


class EntropySpace:
    """The coordinate space of entropy vectors for ``n`` parties.

    ``pure=True`` (quantum, holographic, hypergraph, stabilizer) adds the purifier ``O``:
    ``S(X) = S(complement of X)`` and the symmetry group is ``S_{n+1}``.  ``pure=False``
    (Shannon, linear rank) has symmetry ``S_n``.
    """

    def __init__(self, n: int, pure: bool = True):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"number of parties must be an integer, got {n!r}")
        if not 1 <= n <= MAX_PARTIES:
            raise ValueError(f"number of parties must be between 1 and {MAX_PARTIES}, got {n}")
        self.n = int(n)
        self.pure = bool(pure)

    # -- identity -------------------------------------------------------------------------
    def __eq__(self, other):
        return isinstance(other, EntropySpace) and (self.n, self.pure) == (other.n, other.pure)

    def __hash__(self):
        return hash((self.n, self.pure))

    def __repr__(self):
        return f"EntropySpace(n={self.n}, pure={self.pure})"

    # -- coordinates ----------------------------------------------------------------------
    @property
    def dim(self) -> int:
        """Number of coordinates, ``2**n - 1``."""
        return (1 << self.n) - 1

    @cached_property
    def masks(self) -> np.ndarray:
        """Bitmask of each coordinate, in coordinate order."""
        m = np.array(subset_masks(self.n), dtype=np.int64)
        m.setflags(write=False)
        return m

    @cached_property
    def index(self) -> dict[int, int]:
        """Coordinate index of each non-empty subset bitmask of the ``n`` parties."""
        return {int(m): i for i, m in enumerate(self.masks)}

    @property
    def labels(self) -> str:
        """Party labels, ``"ABC..."``."""
        return LABELS[: self.n]

    @property
    def all_labels(self) -> str:
        """Party labels with the purifier in a pure space."""
        return self.labels + (PURIFIER if self.pure else "")

    def name(self, mask: int) -> str:
        """Subset name, e.g. ``0b011 -> "AB"`` (the purifier bit prints as ``O``)."""
        return "".join(self.all_labels[i] for i in range(self.n + self.pure) if mask >> i & 1)

    @cached_property
    def coordinate_names(self) -> list[str]:
        """Names of the coordinates in order: ``["A", "B", "AB"]`` for n=2."""
        return [self.name(int(m)) for m in self.masks]

    def coordinate(self, mask: int) -> int | None:
        """Coordinate index of a subset mask, purifying in a pure space.

        A mask with the purifier bit (bit ``n``) stands for its complement among the ``n+1``
        parties.  Returns ``None`` for the empty set and, in a pure space, the full set.
        """
        full = (1 << self.n) - 1
        if mask >> self.n:
            if not self.pure or mask >> (self.n + 1):
                raise ValueError(f"subset mask {mask:#b} names a party beyond n={self.n}")
            mask = ~mask & ((1 << (self.n + 1)) - 1)
        if mask == 0:
            return None
        if mask > full:
            raise ValueError(f"subset mask {mask:#b} names a party beyond n={self.n}")
        return self.index[mask]
