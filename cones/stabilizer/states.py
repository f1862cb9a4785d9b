"""Stabilizer states over GF(p) and their entropy vectors, by exact ranks.

A pure stabilizer state of ``m`` qudits of prime dimension ``p`` is given by a tableau: ``m``
generators, row ``i`` = ``(x | z)`` in GF(p)^{2m} for the Weyl operator ``X^x Z^z``.  The
generators must commute (symplectic form ``x.z' - z.x' = 0 mod p``), be independent (rank
``m``) and be maximal in number (``m``: a pure state).

Entropy (Fattal et al., quant-ph/0406168; Linden, Matus, Ruskai, Winter arXiv:1302.5453), in
units of ``log p``: ``S(Y) = |Y| - dim G_Y`` with ``G_Y`` the stabilizer elements supported
on ``Y``.  An element is supported on ``Y`` iff its restriction to the complement ``Y^c``
vanishes, so ``dim G_Y = m - rank M[:, Y^c]`` and ``S(Y) = rank M[:, Y^c] - |Y^c|``; by
purity ``S(Y) = S(Y^c) = rank M[:, Y] - |Y|``, where ``M[:, Y]`` keeps the X and Z columns
of the qudits in ``Y``.

Parties hold disjoint sets of qudits; the purifier ``O`` holds the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
from sympy import isprime

from cones.core.certificate_kinds import register_certificate_kind
from cones.space import EntropySpace

# Matrices per vectorised block of the batched rank computation.
_RANK_BLOCK = 1 << 14


def check_prime(p) -> int:
    """``p`` as an int; ValueError unless it is a prime (the local dimension of a qudit)."""
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
        raise TypeError(f"qudit dimension must be an integer prime, got {p!r}")
    if not isprime(int(p)):
        raise ValueError(f"qudit dimension p={p} is not prime (stabilizer states here need GF(p), p prime)")
    return int(p)


def gfp_ranks(matrices, p: int) -> np.ndarray:
    """Ranks over GF(p) of a stack of matrices (shape ``(..., r, c)``), by Gaussian
    elimination vectorised across the stack (exact, int64 arithmetic mod p)."""
    p = check_prime(p)
    if p >= 1 << 31:
        raise ValueError(f"p={p} is too large for exact int64 elimination (products must stay below 2**62)")
    mats = np.asarray(matrices, dtype=np.int64)
    if mats.ndim < 2:
        raise ValueError(f"expected a stack of matrices, got shape {mats.shape}")
    lead, (r, c) = mats.shape[:-2], mats.shape[-2:]
    flat = np.mod(mats.reshape(-1, r, c), p)
    out = np.empty(len(flat), dtype=np.int64)
    for start in range(0, len(flat), _RANK_BLOCK):
        out[start : start + _RANK_BLOCK] = _rank_block(flat[start : start + _RANK_BLOCK].copy(), p)
    return out.reshape(lead)


def _rank_block(a: np.ndarray, p: int) -> np.ndarray:
    """Ranks of the matrices in ``a`` (entries in 0..p-1), modified in place."""
    count, r, c = a.shape
    table = np.array([0] + [pow(v, -1, p) for v in range(1, p)], dtype=np.int64) if p < 1 << 12 else None
    rank = np.zeros(count, dtype=np.int64)
    rows = np.arange(r)
    for j in range(c):
        eligible = (a[:, :, j] != 0) & (rows[None, :] >= rank[:, None])
        active = np.flatnonzero(eligible.any(axis=1))
        if not len(active):
            continue
        pivot = np.argmax(eligible[active], axis=1)
        target = rank[active]
        pivot_rows = a[active, pivot]
        a[active, pivot] = a[active, target]
        leads = pivot_rows[:, j]
        inverse = table[leads] if table is not None else np.array([pow(int(v), -1, p) for v in leads], dtype=np.int64)
        pivot_rows = pivot_rows * inverse[:, None] % p
        a[active, target] = pivot_rows
        factors = a[active, :, j].copy()
        factors[np.arange(len(active)), target] = 0
        a[active] = (a[active] - factors[:, :, None] * pivot_rows[:, None, :]) % p
        rank[active] += 1
    return rank


def symplectic_form(u, v, p: int) -> np.ndarray:
    """Matrix of symplectic products ``x_u.z_v - z_u.x_v mod p`` between rows of u and v."""
    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    m = u.shape[1] // 2
    return (u[:, :m] @ v[:, m:].T - u[:, m:] @ v[:, :m].T) % p


class StabilizerState:
    """A pure stabilizer state of ``m`` qudits of prime dimension ``p``.

    ``tableau``: ``m x 2m`` integer matrix ``(X | Z)``, one generator per row (entries are
    taken mod p).  Raises ValueError naming the problem if the generators do not commute,
    are dependent, or are too few (a mixed state).
    """

    def __init__(self, tableau, p: int = 2, *, name: str | None = None):
        self.p = check_prime(p)
        arr = np.asarray(tableau)
        if arr.dtype == object or not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == bool):
            raise TypeError(f"tableau entries must be integers, got dtype {arr.dtype}")
        if arr.ndim != 2 or arr.shape[1] % 2 or arr.shape[1] == 0:
            raise ValueError(f"tableau must be a k x 2m matrix (X | Z), got shape {arr.shape}")
        table = np.mod(arr.astype(np.int64), self.p)
        k, m = table.shape[0], table.shape[1] // 2
        omega = symplectic_form(table, table, self.p)
        bad = np.argwhere(np.triu(omega, 1))
        if len(bad):
            i, j = bad[0]
            raise ValueError(
                f"generators {i} and {j} do not commute (symplectic form {omega[i, j]} mod {self.p})"
            )
        rank = int(gfp_ranks(table, self.p))
        if rank < k:
            raise ValueError(f"generators are dependent: {k} generators have rank {rank} over GF({self.p})")
        if k != m:
            raise ValueError(
                f"{k} independent generators on {m} qudits: the stabilizer group is not maximal "
                f"(a pure state needs {m})"
            )
        table.setflags(write=False)
        self.tableau = table
        self.num_qudits = m
        self.name = name

    def __repr__(self):
        label = f" {self.name!r}" if self.name else ""
        return f"StabilizerState{label}(qudits={self.num_qudits}, p={self.p})"

    def __eq__(self, other):
        """Same state: same p and the same stabilizer group (equal row spaces)."""
        if not isinstance(other, StabilizerState) or (self.p, self.num_qudits) != (other.p, other.num_qudits):
            return False
        both = np.vstack([self.tableau, other.tableau])
        return int(gfp_ranks(both, self.p)) == self.num_qudits

    __hash__ = None

    # -- entropies ------------------------------------------------------------------------
    def _subset_masks(self, subsets) -> np.ndarray:
        """Qudit subsets (bitmask ints or iterables of qudit indices) as a bool (k, m) array."""
        m = self.num_qudits
        out = []
        for s in subsets:
            row = np.zeros(m, dtype=bool)
            if isinstance(s, (int, np.integer)) and not isinstance(s, bool):
                if not 0 <= s < 1 << m:
                    raise ValueError(f"qudit bitmask {s:#b} names a qudit beyond {m}")
                row[[q for q in range(m) if s >> q & 1]] = True
            else:
                for q in s:
                    if not isinstance(q, (int, np.integer)) or not 0 <= q < m:
                        raise ValueError(f"qudit {q!r} is not in range({m})")
                    row[q] = True
            out.append(row)
        return np.array(out, dtype=bool).reshape(len(out), m)

    def entropies(self, subsets) -> np.ndarray:
        """``S(Y) = rank M[:, Y] - |Y|`` (units of log p) for each qudit subset Y
        (bitmask ints or iterables of qudit indices)."""
        inside = self._subset_masks(subsets)
        columns = np.concatenate([inside, inside], axis=1)
        restricted = self.tableau[None, :, :] * columns[:, None, :]
        return gfp_ranks(restricted, self.p) - inside.sum(axis=1)

    def entropy(self, qudits: Iterable[int]) -> int:
        """Entropy of one set of qudits, in units of log p."""
        return int(self.entropies([list(qudits)])[0])

    def entropy_vector(self, parties) -> np.ndarray:
        """Entropy vector (cardinality-lexicographic order) for ``parties``: a sequence of
        ``n`` disjoint collections of qudits (party ``i`` holds ``parties[i]``); every other
        qudit belongs to the purifier O."""
        sets = check_parties(parties, self.num_qudits)
        space = EntropySpace(len(sets))
        subsets = [[q for i, s in enumerate(sets) if mask >> i & 1 for q in s] for mask in space.masks]
        return self.entropies(subsets)

    # -- composition ----------------------------------------------------------------------
    def tensor(self, other: "StabilizerState") -> "StabilizerState":
        """The product state ``self ⊗ other`` (other's qudits numbered after self's)."""
        if not isinstance(other, StabilizerState):
            raise TypeError(f"can only tensor with a StabilizerState, got {type(other).__name__}")
        if other.p != self.p:
            raise ValueError(f"cannot tensor qudits of dimension {self.p} and {other.p}")
        a, b = self.num_qudits, other.num_qudits
        table = np.zeros((a + b, 2 * (a + b)), dtype=np.int64)
        table[:a, :a], table[:a, a + b : 2 * a + b] = self.tableau[:, :a], self.tableau[:, a:]
        table[a:, a : a + b], table[a:, 2 * a + b :] = other.tableau[:, :b], other.tableau[:, b:]
        return StabilizerState(table, self.p)


def check_parties(parties, num_qudits: int) -> tuple[tuple[int, ...], ...]:
    """Validate ``parties`` (n disjoint collections of qudit indices in ``range(num_qudits)``)."""
    if isinstance(parties, (str, bytes)) or not isinstance(parties, Iterable):
        raise TypeError(f"parties must be a sequence of qudit collections, got {parties!r}")
    sets = []
    owner: dict[int, int] = {}
    for i, party in enumerate(parties):
        if isinstance(party, (int, np.integer)):
            raise TypeError(
                f"party {i} is the integer {party!r}, not a collection of qudits "
                "(use parties_from_assignment for a per-qudit party list)"
            )
        qudits = []
        for q in party:
            if isinstance(q, bool) or not isinstance(q, (int, np.integer)) or not 0 <= q < num_qudits:
                raise ValueError(f"party {i}: qudit {q!r} is not in range({num_qudits})")
            if int(q) in owner:
                raise ValueError(f"qudit {q} is assigned to two parties ({owner[int(q)]} and {i})")
            owner[int(q)] = i
            qudits.append(int(q))
        sets.append(tuple(sorted(qudits)))
    if not sets:
        raise ValueError("at least one party is needed")
    EntropySpace(len(sets))  # checks the number of parties
    return tuple(sets)


def parties_from_assignment(assignment: Sequence[int], n: int) -> tuple[tuple[int, ...], ...]:
    """Party qudit sets from a per-qudit list: ``assignment[q]`` in ``0..n-1`` is a party,
    ``n`` is the purifier O."""
    sets = [[] for _ in range(n)]
    for q, a in enumerate(assignment):
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)) or not 0 <= a <= n:
            raise ValueError(f"qudit {q} is assigned to {a!r}, not a party in 0..{n} (n = purifier)")
        if a < n:
            sets[a].append(q)
    return tuple(tuple(s) for s in sets)


@register_certificate_kind("stabilizer-realisation")
@dataclass(frozen=True, eq=False)
class StabilizerRealisation:
    """A stabilizer state with its qudits distributed among ``n`` parties (rest: purifier):
    the certificate that an entropy vector is realised.

    Examples
    --------
    A four-qubit GHZ state with one qubit per party (the last one is the purifier):

    >>> StabilizerRealisation(ghz_state(4), ((0,), (1,), (2,))).entropy_vector().tolist()
    [1, 1, 1, 1, 1, 1, 1]
    """

    state: StabilizerState
    parties: tuple[tuple[int, ...], ...]

    def __post_init__(self):
        object.__setattr__(self, "parties", check_parties(self.parties, self.state.num_qudits))

    @property
    def n(self) -> int:
        return len(self.parties)

    @property
    def assignment(self) -> tuple[int, ...]:
        """Party of each qudit (``n`` for the purifier)."""
        owner = [self.n] * self.state.num_qudits
        for i, s in enumerate(self.parties):
            for q in s:
                owner[q] = i
        return tuple(owner)

    def entropy_vector(self) -> np.ndarray:
        return self.state.entropy_vector(self.parties)

    def verify(self, vector) -> bool:
        """Whether the entropy vector (recomputed by exact ranks) is a positive multiple of
        ``vector``."""
        v, w = self.entropy_vector(), np.asarray(vector, dtype=np.int64)
        if v.shape != w.shape:
            return False
        k = np.flatnonzero(w)
        if not len(k):
            return not v.any()
        i = k[0]
        return bool(w[i] * v[i] > 0 and np.array_equal(v * w[i], w * v[i]))

    def to_json(self) -> dict:
        return {"p": self.state.p, "tableau": self.state.tableau.tolist(),
                "parties": [list(s) for s in self.parties], "name": self.state.name}

    @classmethod
    def from_json(cls, data: dict) -> "StabilizerRealisation":
        state = StabilizerState(np.array(data["tableau"], dtype=np.int64), data["p"], name=data.get("name"))
        return cls(state, tuple(tuple(s) for s in data["parties"]))

    def describe(self) -> str:
        space = EntropySpace(self.n)
        holders = ", ".join(
            f"{space.all_labels[i]}:{list(s)}" for i, s in enumerate(self.parties + (self._purifier(),)) if s
        )
        return f"{self.state!r} with {holders}"

    def _purifier(self) -> tuple[int, ...]:
        return tuple(q for q, a in enumerate(self.assignment) if a == self.n)


# -- constructors -------------------------------------------------------------------------
def ghz_state(k: int, p: int = 2) -> StabilizerState:
    """GHZ state of ``k`` qudits, ``sum_j |j...j>``: generators ``X^{⊗k}`` and ``Z_i Z_{i+1}^{-1}``.

    Examples
    --------
    >>> ghz = ghz_state(3)
    >>> ghz.entropy((0,)), ghz.entropy((0, 1))
    (1, 1)
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"a GHZ state needs a positive number of qudits, got {k!r}")
    p = check_prime(p)
    table = np.zeros((k, 2 * k), dtype=np.int64)
    table[0, :k] = 1
    for i in range(k - 1):
        table[i + 1, k + i], table[i + 1, k + i + 1] = 1, p - 1
    return StabilizerState(table, p, name=f"GHZ_{k}")


def bell_pair(p: int = 2) -> StabilizerState:
    """Maximally entangled pair of qudits (GHZ_2)."""
    state = ghz_state(2, p)
    state.name = "Bell"
    return state


def graph_state(adjacency, p: int = 2) -> StabilizerState:
    """Graph state of a symmetric adjacency matrix over GF(p) with zero diagonal:
    generators ``X_i prod_j Z_j^{Gamma_ij}``, tableau ``(I | Gamma)``."""
    p = check_prime(p)
    gamma = np.asarray(adjacency)
    if gamma.dtype != bool and not np.issubdtype(gamma.dtype, np.integer):
        raise TypeError(f"adjacency entries must be integers, got dtype {gamma.dtype}")
    if gamma.ndim != 2 or gamma.shape[0] != gamma.shape[1] or gamma.shape[0] == 0:
        raise ValueError(f"adjacency must be a square matrix, got shape {gamma.shape}")
    gamma = np.mod(gamma.astype(np.int64), p)
    if not np.array_equal(gamma, gamma.T):
        raise ValueError("adjacency matrix is not symmetric")
    if np.any(np.diag(gamma)):
        raise ValueError("adjacency matrix has a non-zero diagonal (self-loops)")
    m = len(gamma)
    return StabilizerState(np.hstack([np.eye(m, dtype=np.int64), gamma]), p, name=f"graph state on {m}")


def css_state(code_generators, p: int) -> StabilizerState:
    """The code state ``sum_{c in C} |c>`` of a linear code C over GF(p) (rows generate C):
    stabilizers ``X^c`` for c in C and ``Z^d`` for d in the dual code."""
    import galois

    p = check_prime(p)
    gens = np.mod(np.asarray(code_generators, dtype=np.int64), p)
    if gens.ndim != 2:
        raise ValueError(f"code generators must be a matrix, got shape {gens.shape}")
    m = gens.shape[1]
    dual = np.asarray(galois.GF(p)(gens).null_space(), dtype=np.int64).reshape(-1, m)
    table = np.zeros((len(gens) + len(dual), 2 * m), dtype=np.int64)
    table[: len(gens), :m] = gens
    table[len(gens) :, m:] = dual
    return StabilizerState(table, p, name=f"CSS code state on {m}")


def perfect_tensor_4_qutrits() -> StabilizerState:
    """AME(4,3): the code state of the [4,2,3] MDS code ``{(a, b, a+b, a+2b)}`` over GF(3)
    (self-dual), so every pair of qutrits is maximally mixed."""
    state = css_state([[1, 0, 1, 1], [0, 1, 1, 2]], 3)
    state.name = "AME(4,3)"
    return state


def perfect_tensor_6_qubits() -> StabilizerState:
    """AME(6,2): the graph state of the wheel (a 5-cycle 1-2-3-4-5 and a hub 0 joined to
    all), the five-qubit code encoding one half of a Bell pair; every 3 qubits are
    maximally mixed."""
    gamma = np.zeros((6, 6), dtype=np.int64)
    for i in range(1, 6):
        j = i % 5 + 1
        gamma[0, i] = gamma[i, 0] = gamma[i, j] = gamma[j, i] = 1
    state = graph_state(gamma, 2)
    state.name = "AME(6,2)"
    return state


def _vertex(v, n: int, space: EntropySpace) -> int:
    if isinstance(v, str):
        if len(v) != 1 or v not in space.all_labels:
            raise ValueError(f"unknown vertex {v!r}: vertices are {space.all_labels!r} or 0..{n}")
        return space.all_labels.index(v)
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v <= n:
        raise ValueError(f"vertex {v!r} is not a party in 0..{n} (n = purifier)")
    return int(v)


def hypergraph_state(hyperedges, n: int, p: int = 2) -> StabilizerRealisation:
    """Stabilizer state of a bulk-free hypergraph on the vertices ``0..n`` (``n`` = purifier
    O; labels like ``"ABO"`` also accepted): for each hyperedge of integer weight ``w``,
    ``w`` GHZ states with one qudit at each vertex of the edge.  Its entropy vector is the
    hypergraph's min-cut vector ``S_I = sum of weights of hyperedges split by I``.

    ``hyperedges``: a mapping ``{vertices: weight}`` or pairs ``(vertices, weight)``."""
    space = EntropySpace(n)
    items = hyperedges.items() if isinstance(hyperedges, Mapping) else hyperedges
    state, owners = None, []
    for edge, weight in items:
        vertices = [_vertex(v, n, space) for v in edge]
        if not vertices or len(set(vertices)) != len(vertices):
            raise ValueError(f"hyperedge {edge!r} must list distinct vertices")
        if isinstance(weight, bool) or not isinstance(weight, (int, np.integer)) or weight < 0:
            raise ValueError(f"hyperedge {edge!r}: weight {weight!r} is not a non-negative integer")
        for _ in range(int(weight)):
            ghz = ghz_state(len(vertices), p)
            state = ghz if state is None else state.tensor(ghz)
            owners.extend(vertices)
    if state is None:
        raise ValueError("the hypergraph has no hyperedge of positive weight")
    state.name = f"hypergraph state ({len(owners)} qudits)"
    return StabilizerRealisation(state, parties_from_assignment(owners, n))
