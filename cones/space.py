"""Entropy spaces: parties, subsets and the coordinate order shared by every module.

An entropy vector of ``n`` parties has ``2**n - 1`` coordinates, one per non-empty subset,
in cardinality-then-lexicographic order (``A, B, C, AB, AC, BC, ABC`` for n=3).  Subsets are
bitmasks: bit ``i`` is party ``i`` (label ``"ABCDEFGHIJKLMN"[i]``); in a pure-state space the
purifier ``O`` is bit ``n`` and a subset containing it stands for its complement.

The space also knows its symmetry group (``S_n``, or ``S_{n+1}`` acting through purification)
as a ``polytopes.PermutationGroup`` on the coordinates, and the standard lifts of vectors and
inequalities from ``n`` to ``n+1`` parties (a trivial new party; splitting a party or ``O``).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from itertools import combinations

import numpy as np

from polytopes import as_fraction, primitive
from polytopes.group import PermutationGroup

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

    There is one space per ``(n, pure)``: ``EntropySpace(n)`` hands back the same object each
    time, so its cached masks, group and orbits are computed once per process, and a space
    pickles as its two numbers.
    """

    _instances: dict[tuple[int, bool], "EntropySpace"] = {}

    def __new__(cls, n: int, pure: bool = True):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"number of parties must be an integer, got {n!r}")
        if not 1 <= n <= MAX_PARTIES:
            raise ValueError(f"number of parties must be between 1 and {MAX_PARTIES}, got {n}")
        key = (int(n), bool(pure))
        space = cls._instances.get(key)
        if space is None:
            space = cls._instances[key] = super().__new__(cls)
            space.n, space.pure = key
        return space

    def __reduce__(self):
        return (EntropySpace, (self.n, self.pure))

    @classmethod
    def of_vector(cls, values, what: str = "vector", pure: bool = True) -> "EntropySpace":
        """The space whose dimension ``2**n - 1`` is the length of ``values``; ValueError otherwise."""
        n = (len(values) + 1).bit_length() - 1
        if len(values) + 1 != 1 << n or n == 0:
            raise ValueError(f"a {what} of length {len(values)} is not 2^n - 1 for any n; pass the space")
        return cls(n, pure)

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

    # -- subsets --------------------------------------------------------------------------
    @property
    def parties(self) -> int:
        """Number of parties the group permutes: ``n + 1`` in a pure space (with ``O``), else ``n``."""
        return self.n + self.pure

    def parse_subset(self, spec) -> int:
        """Bitmask of a subset given as ``"AB"``, ``"A B"``, ``"A,B"``, ``{0, 1}`` or ``["A", "B"]``.

        In a pure space ``O`` (or index ``n``) is the purifier, bit ``n``; the mask is returned
        as written (use :meth:`purify` or :meth:`coordinate` to apply ``S(X) = S(X^c)``).
        Raises :class:`SubsetError` (a ``ValueError``) naming the offending label and its
        position in a string.
        """
        if isinstance(spec, str):
            items = [(pos, ch) for pos, ch in enumerate(spec) if not (ch.isspace() or ch == ",")]
        elif isinstance(spec, (int, np.integer)):
            raise TypeError(f"a subset is a string of labels or a collection of party indices, got the integer {spec!r}")
        else:
            try:
                items = [(None, x) for x in spec]
            except TypeError:
                raise TypeError(f"cannot read a subset from {spec!r}") from None
        if not items:
            raise SubsetError(f"empty subset {spec!r}", 0)
        mask = 0
        for pos, item in items:
            bit = self._party_bit(item, pos)
            if mask >> bit & 1:
                raise SubsetError(f"party {self.all_labels[bit]} is repeated in subset {spec!r}", pos)
            mask |= 1 << bit
        return mask

    def _party_bit(self, item, pos) -> int:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if 0 <= item < self.parties:
                return int(item)
            raise SubsetError(f"party index {item} is out of range for {self._parties_text()}", pos)
        if not isinstance(item, str) or len(item) != 1:
            raise SubsetError(f"cannot read a party from {item!r}", pos)
        if item == PURIFIER:
            if not self.pure:
                raise SubsetError("the purifier O is not a party of a classical space", pos)
            return self.n
        if item in LABELS:
            bit = LABELS.index(item)
            if bit >= self.n:
                raise SubsetError(f"party {item} is beyond n={self.n} ({self._parties_text()})", pos)
            return bit
        raise SubsetError(f"unknown party label {item!r} ({self._parties_text()})", pos)

    def _parties_text(self) -> str:
        return f"parties {', '.join(self.all_labels)}"

    def purify(self, mask: int) -> int:
        """The mask of the stored coordinate for ``mask``: complement it if it holds ``O``; 0 if trivial."""
        index = self.coordinate(mask)
        return 0 if index is None else int(self.masks[index])

    def subset_coordinate(self, spec) -> int | None:
        """Coordinate index of a subset spec (``"AO"``, ``{0, 1}``...); None for a trivial subset."""
        return self.coordinate(self.parse_subset(spec))

    def check_vector(self, vector) -> list[Fraction]:
        """Validate an entropy vector (one exact entry per coordinate); returns its Fractions."""
        if isinstance(vector, dict):
            values, named = [Fraction(0)] * self.dim, {}
            for key, value in vector.items():
                index = self.subset_coordinate(key)
                if index is None:
                    raise ValueError(f"subset {key!r} has no coordinate (it is empty or the whole system)")
                if index in named:
                    raise ValueError(f"subsets {named[index]!r} and {key!r} name the same coordinate {self.coordinate_names[index]}")
                named[index], values[index] = key, as_fraction(value)
            return values
        values = list(np.asarray(vector).tolist()) if isinstance(vector, np.ndarray) else list(vector)
        if len(values) != self.dim:
            raise ValueError(
                f"vector has {len(values)} entries, expected {self.dim} (coordinates {', '.join(self.coordinate_names)})"
            )
        return [as_fraction(v) for v in values]

    # -- symmetry -------------------------------------------------------------------------
    def coordinate_permutation(self, party_permutation) -> np.ndarray:
        """The coordinate permutation ``g`` induced by a permutation of the parties.

        ``party_permutation[i]`` is the image of party ``i`` (``O`` is party ``n`` in a pure
        space).  Coordinate ``X`` is sent to ``pi(X)``, purified when it contains ``O``; with
        the action ``v[g]``, ``g[j]`` is the coordinate of ``pi(X_j)``.
        """
        perm = [int(p) for p in party_permutation]
        if sorted(perm) != list(range(self.parties)):
            raise ValueError(f"{perm} is not a permutation of the {self.parties} parties")
        image = np.zeros_like(self.masks)
        for i, p in enumerate(perm):
            image |= ((self.masks >> i) & 1) << p
        return self._coordinates_of(image)

    def _coordinates_of(self, masks: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`coordinate` for masks that are never trivial."""
        all_parties = (1 << self.parties) - 1
        masks = np.where(masks >> self.n, ~masks & all_parties, masks)
        lookup = np.full(1 << self.n, -1, dtype=np.intp)
        lookup[self.masks] = np.arange(self.dim)
        out = lookup[masks]
        if (out < 0).any():
            raise ValueError("a subset maps to a trivial coordinate")
        return out

    @cached_property
    def group(self) -> PermutationGroup:
        """``S_n`` (classical) or ``S_{n+1}`` (pure, permuting ``O`` too) acting on the coordinates.

        Generated by the images of the transposition ``(0 1)`` and the cycle ``(0 1 ... m-1)``.
        The action is faithful except for n=1 pure, where S_2 fixes the single coordinate.
        """
        m = self.parties
        generators = []
        if m >= 2:
            generators.append(self.coordinate_permutation([1, 0] + list(range(2, m))))
            generators.append(self.coordinate_permutation(list(range(1, m)) + [0]))
        return PermutationGroup(generators, degree=self.dim)

    # -- lifts from n to n+1 parties ------------------------------------------------------
    def lifted(self) -> "EntropySpace":
        """The space with one more party (the new party is ``labels[n]``, bit ``n``)."""
        return EntropySpace(self.n + 1, self.pure)

    def lift_vector(self, vector) -> np.ndarray:
        """Add a new party in a trivial (product, zero-entropy) state: ``S'(X) = S(X minus new)``.

        Exact entries (int64 if the input is integral, otherwise an object array of Fractions).
        """
        values = self.check_vector(vector)
        big = self.lifted()
        old = big.masks & ((1 << self.n) - 1)
        out = [values[self.index[int(m)]] if m else Fraction(0) for m in old]
        return _exact_array(out)

    def lift_inequality(self, coefficients, split=None) -> np.ndarray:
        """Lift an inequality ``c.S >= 0`` to ``n+1`` parties, exact and primitive.

        ``split=None`` is the embedding: the same terms, the new party absent (in a pure space
        this is the purifier ``O`` splitting into ``O`` and the new party).  ``split=p`` (a label
        or index, ``O`` allowed in a pure space) splits party ``p`` into ``p`` and the new party:
        every subset ``X`` that contains ``p`` becomes ``X + new``.  Both are valid on the larger
        cone whenever the original is valid (marginals and coarse-grainings of states).
        """
        values = self.check_vector(coefficients)
        big = self.lifted()
        new = 1 << self.n
        split_bit = None if split is None else self._party_bit(split, None)
        out = [Fraction(0)] * big.dim
        for c, m in zip(values, self.masks):
            m = int(m)  # stored masks never hold O, so splitting O leaves every term in place
            target = m | new if split_bit is not None and m >> split_bit & 1 else m
            out[big.index[target]] += c
        return np.array(primitive(out), dtype=np.int64)

    def lift_orbit(self, coefficients, split=None) -> np.ndarray:
        """All images of :meth:`lift_inequality` under the larger group (canonical rows)."""
        return self.lifted().group.orbit(self.lift_inequality(coefficients, split))



class SubsetError(ValueError):
    """A subset name that cannot be read; ``position`` is the offending index in the string (or None)."""

    def __init__(self, message: str, position: int | None):
        super().__init__(message)
        self.position = position


def _exact_array(values: list[Fraction]) -> np.ndarray:
    if all(v.denominator == 1 for v in values):
        return np.array([int(v) for v in values], dtype=np.int64)
    return np.array(values, dtype=object)
