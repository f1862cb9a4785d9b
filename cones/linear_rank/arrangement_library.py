"""A library of small random subspace arrangements, keyed by their rank vectors up to symmetry.

Rank vectors of random arrangements over GF(2) and GF(3) are collected as canonical orbit
representatives (primitive, under the parties' symmetric group), each with one arrangement
realising a multiple of it.  Two kinds of random arrangement are drawn:

* *independent*: subspace ``V_i`` spanned by ``k_i`` random vectors of ``GF(q)^d``;
* *shared*: a pool of ``m`` random vectors and ``V_i`` spanned by a random subset of it, so
  that the subspaces meet; these land on low-dimensional faces, where extreme rays are.

The linear-rank sandwich uses the library three times: its extreme members seed the inner
bound, so that the first candidate facets are already facets of most of LR_n; outer rays are
looked up in it (an exact rank check each) before any targeted search; and a candidate
inequality that no proof is found for is refuted by the library vector violating it most.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np
from tqdm.auto import tqdm

from polytopes import primitive

from cones.space import EntropySpace
from cones.linear_rank.subspaces import ArrangementRealisation, SubspaceArrangement, random_arrangements, rank_vectors

Row = tuple[int, ...]


class ArrangementLibrary:
    """Canonical rank-vector rays of ``n`` subspaces, each with an arrangement (``q``, generator
    matrices) whose rank vector is a multiple of some member of the ray's orbit."""

    def __init__(self, n: int, entries: dict[Row, tuple[int, np.ndarray]]):
        self.space = EntropySpace(n, pure=False)
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, row) -> bool:
        return tuple(int(v) for v in row) in self.entries

    def __repr__(self) -> str:
        return f"ArrangementLibrary(n={self.space.n}, {len(self)} ray orbits)"

    @property
    def rows(self) -> list[Row]:
        return sorted(self.entries)

    @classmethod
    def sample(cls, n: int, *, batches: int = 200, batch_size: int = 2000, fields=(2, 3), max_dimension: int = 5,
               seed: int = 0, progress: bool = False) -> "ArrangementLibrary":
        """Draw ``batches`` batches of random arrangements (half independent, half shared; field
        and ambient dimension ``2..max_dimension`` at random) and keep one arrangement per orbit."""
        if n < 1:
            raise ValueError(f"an arrangement needs at least one subspace, got n={n}")
        group = EntropySpace(n, pure=False).group
        rng = np.random.default_rng(seed)
        entries: dict[Row, tuple[int, np.ndarray]] = {}
        for b in tqdm(range(batches), desc="sampling arrangements", disable=not progress, leave=False):
            q = int(rng.choice(fields))
            d = int(rng.integers(2, max_dimension + 1))
            if b % 2:
                arr = random_arrangements(q, d, n, batch_size, dims=[int(k) for k in rng.integers(1, d + 1, size=n)], rng=rng)
            else:
                pool = rng.integers(0, q, size=(batch_size, int(rng.integers(d, d + 4)), d), dtype=np.int16)
                chosen = rng.random((batch_size, n, pool.shape[1])) < rng.uniform(0.2, 0.7)
                arr = (pool[:, None] * chosen[..., None]).astype(np.int16)
            h = rank_vectors(q, arr)
            keep = h.any(axis=1)
            h, arr = h[keep], arr[keep]
            h //= np.gcd.reduce(h, axis=1)[:, None]
            canonical, first = np.unique(group.canonical_rows(h), axis=0, return_index=True)
            for row, i in zip(canonical.tolist(), first):
                entries.setdefault(tuple(row), (q, arr[i]))
        return cls(n, entries)

    def refute(self, inequality) -> tuple[tuple[int, ...], ArrangementRealisation] | None:
        """The library ray violating ``inequality`` (``a . h >= 0``) most, with its arrangement,
        or None if every member of every orbit satisfies it (all orbits are scanned as one
        product, :meth:`polytopes.PermutationGroup.pairing_rows`)."""
        a = np.asarray(inequality, dtype=np.int64)
        if a.shape != (self.space.dim,):
            raise ValueError(f"an inequality on {self.space.n} subspaces has {self.space.dim} coefficients, got {a.shape}")
        if not self.entries:
            return None
        reps = np.array(self.rows, dtype=np.int64)
        group = self.space.group
        values = reps @ group.pairing_rows(a).T
        i, k = np.unravel_index(int(np.argmin(values)), values.shape)
        if values[i, k] >= 0:
            return None
        violator = tuple(int(v) for v in reps[i][group.elements[k]])
        return violator, self.realise(violator)

    def realise(self, row) -> ArrangementRealisation | None:
        """An arrangement certificate for the ray ``row`` if its orbit is in the library (the
        stored arrangement with its parties renamed onto ``row``), else None."""
        row = tuple(int(v) for v in row)
        if len(row) != self.space.dim:
            raise ValueError(f"a ray of {self.space.n} subspaces has {self.space.dim} coordinates, got {len(row)}")
        found = self.entries.get(tuple(int(v) for v in self.space.group.canonical(np.array(row))))
        if found is None:
            return None
        q, generators = found
        arrangement = SubspaceArrangement(q, list(generators))
        for p in permutations(range(self.space.n)):
            moved = arrangement.permuted(p)
            if tuple(primitive(moved.rank_vector().tolist())) == row:
                return ArrangementRealisation(row, moved)
        raise AssertionError(f"no renaming of the stored arrangement gives {row}")  # pragma: no cover
