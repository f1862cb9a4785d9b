"""``cones.entropy_vector``: the entropy vector of a state the user has, and the catalogue
inequalities it violates.

* ``state=`` a numpy state vector or density matrix with ``dims`` (floats, von Neumann or
  Rényi-``alpha``, :mod:`cones.core.state_entropy`), or a :class:`~cones.stabilizer.StabilizerState`;
* ``tableau=`` a stabilizer tableau ``(X | Z)`` over GF(``p``), or ``edges=`` a graph state
  on ``qubits`` qubits: exact integers, in units of ``log p`` (:mod:`cones.stabilizer`);
* ``distribution=`` a classical joint distribution (one axis per variable): Shannon entropies.

``parties[i]`` lists the subsystems (qudits) party ``i`` holds (default one party per
subsystem); the rest is the purifier ``O``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from cones.core import inequality_families as families
from cones.core.state_entropy import distribution_entropy_vector, state_entropy_vector
from cones.expressions import Inequality
from cones.space import EntropySpace

TOLERANCE = 1e-9  # a float value below -TOLERANCE counts as a violation


def entropy_vector(state=None, dims: Sequence[int] | None = None, *, tableau=None, p: int = 2, edges=None,
                   qubits: int | None = None, distribution=None, parties=None, alpha: float = 1.0,
                   base: float = 2.0) -> np.ndarray:
    """The entropy vector (cardinality-then-lexicographic order) of exactly one of ``state``,
    ``tableau``, ``edges`` or ``distribution``.  Float for numerical states and distributions,
    exact int64 for stabilizer and graph states.

    Examples
    --------
    >>> import cones, numpy as np
    >>> cones.entropy_vector(edges=[(0, 1), (1, 2), (2, 3)], qubits=4, parties=[[0], [1], [2]]).tolist()
    [1, 1, 1, 1, 2, 2, 1]
    >>> cones.entropy_vector(distribution=np.array([[0.5, 0], [0, 0.5]])).tolist()
    [1.0, 1.0, 1.0]
    """
    given = [name for name, value in (("state", state), ("tableau", tableau), ("edges", edges),
                                       ("distribution", distribution)) if value is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of state=, tableau=, edges=, distribution= (got {given or 'none'})")
    if distribution is not None:
        return distribution_entropy_vector(distribution, parties=parties, alpha=alpha, base=base)
    stabilizer = _stabilizer(state, tableau, p, edges, qubits)
    if stabilizer is not None:
        # stabilizer spectra are flat, so every Rényi order gives the same (exact) vector
        sets = parties if parties is not None else [(q,) for q in range(stabilizer.num_qudits)]
        return np.asarray(stabilizer.entropy_vector(sets), dtype=np.int64)
    return state_entropy_vector(state, dims, parties=parties, alpha=alpha, base=base)


def _stabilizer(state, tableau, p, edges, qubits):
    from cones.stabilizer.states import StabilizerRealisation, StabilizerState, graph_state

    if isinstance(state, StabilizerRealisation):
        raise TypeError("a StabilizerRealisation carries its parties: use realisation.entropy_vector()")
    if isinstance(state, StabilizerState):
        return state
    if tableau is not None:
        return StabilizerState(np.asarray(tableau), p)
    if edges is not None:
        from cones.stabilizer.graph_states import edges_to_adjacency

        if qubits is None:
            used = [int(v) for e in edges for v in e]
            qubits = max(used) + 1 if used else 0
        return graph_state(edges_to_adjacency([tuple(int(v) for v in e) for e in edges], int(qubits)))
    return None


@dataclass(frozen=True)
class Violation:
    """Instances of a catalogue family violated by a vector: how many, and the worst one."""

    family: str
    count: int
    instances: int
    worst: Inequality
    value: float

    def describe(self) -> str:
        return f"{self.family}: {self.count} of {self.instances} instances violated; worst {self.worst.to_text()} = {self.value:.6g}"


def violations(vector, space: EntropySpace, *, tolerance: float = TOLERANCE, names: Sequence[str] | None = None) -> list[Violation]:
    """The catalogue families (:data:`cones.core.inequality_families.FAMILIES` that apply to
    ``space``) with instances ``a . x < -tolerance``; exact vectors use ``tolerance = 0``.

    >>> ghz = [1] * 7
    >>> [v.family for v in violations(ghz, EntropySpace(3))]
    ['mmi']
    """
    x = np.asarray(vector, dtype=float)
    if x.shape != (space.dim,):
        raise ValueError(f"vector has {x.size} entries, expected {space.dim}")
    out = []
    for name in names or families.FAMILIES:
        try:
            rows = families.rows_of(families.family(name, space), space.dim)
        except ValueError:  # a classical family in a pure space, or the reverse
            continue
        if not len(rows):
            continue
        values = rows.astype(float) @ x / np.linalg.norm(rows.astype(float), axis=1)
        bad = np.flatnonzero(values < -tolerance)
        if len(bad):
            worst = int(bad[np.argmin(values[bad])])
            out.append(Violation(name, len(bad), len(rows), Inequality(space, rows[worst]), float(rows[worst] @ x)))
    return out
