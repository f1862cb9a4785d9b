"""Entropy vectors realised by links: a stabilizer graph state over GF(p) is the U(1)_p link
state of any link whose linking matrix is its adjacency matrix (mod p), so every prime-``p``
graph-state vector has an explicit link, given by its PD code (:mod:`cones.links.diagram`).

References: arXiv:1611.05460 (abelian link states), arXiv:2510.18408 (they are stabilizer states).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
import sympy

from cones.core.certificate_kinds import register_certificate_kind
from cones.links.abelian import abelian_entropy_vector
from cones.links.diagram import LinkDiagram, link_diagram
from cones.links.linking import Link


@register_certificate_kind("link-realisation")
@dataclass(frozen=True)
class LinkRealisation:
    """The U(1)_p link state of ``diagram`` with component ``c`` held by party ``parties[c]``
    has entropy vector ``scale * ray`` in units of ``log p``."""

    p: int
    n: int
    parties: tuple[int, ...]
    diagram: LinkDiagram
    ray: tuple[int, ...]
    scale: int

    def to_json(self) -> dict:
        return {"p": self.p, "n": self.n, "parties": list(self.parties), "diagram": self.diagram.to_json(),
                "ray": list(self.ray), "scale": self.scale}

    @classmethod
    def from_json(cls, data: dict) -> "LinkRealisation":
        return cls(int(data["p"]), int(data["n"]), tuple(data["parties"]), LinkDiagram.from_json(data["diagram"]),
                   tuple(int(v) for v in data["ray"]), int(data["scale"]))

    def entropy_vector(self) -> tuple[int, ...]:
        """Recomputed from the diagram (its linking matrix by spherogram), in units of ``log p``."""
        link = Link.from_matrix(self.diagram.linking, self.parties, self.n)
        return abelian_entropy_vector(link, self.p).in_units_of_log(self.p)

    def verify(self, row=None) -> bool:
        ray = self.ray if row is None else tuple(int(v) for v in row)
        return (sympy.isprime(self.p) and self.diagram.verify() and ray == self.ray
                and self.entropy_vector() == tuple(self.scale * v for v in ray))


def realise_graph_state_by_link(adjacency, parties, n: int, p: int = 2) -> LinkRealisation:
    """The link realisation of the qudit graph state with ``adjacency`` over GF(p), qudit ``q``
    held by ``parties[q]`` (``n`` = purifier): the clasp diagram of the adjacency matrix.

    Examples
    --------
    >>> star = [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    >>> found = realise_graph_state_by_link(star, [0, 1, 2], 2)
    >>> found.ray, found.verify()
    ((1, 1, 1), True)
    """
    if not sympy.isprime(p):
        raise ValueError(f"p must be a prime, got {p!r}")
    matrix = np.array(adjacency, dtype=np.int64) % p
    vector = abelian_entropy_vector(Link.from_matrix(matrix.tolist(), parties, n), p).in_units_of_log(p)
    scale = gcd(*vector) or 1
    return LinkRealisation(p, n, tuple(int(x) for x in parties), link_diagram(matrix.tolist()),
                           tuple(v // scale for v in vector), scale)


@dataclass(frozen=True)
class LinkInnerBound:
    """The cone of link-state vectors found from graph states (:func:`link_inner_bound`):
    ``cone`` with one :class:`LinkRealisation` per extreme-ray representative, and the
    representatives no link realised (empty when every ray has its diagram)."""

    cone: object
    realisations: dict
    unrealised: tuple


def link_inner_bound(n: int, qubits=None, *, progress: bool = False) -> LinkInnerBound:
    """An inner bound of the link cone at level 2: the extreme rays of the qubit graph-state
    inner bound (:func:`cones.stabilizer.stabilizer_inner_bound`, ``qubits`` as there), each
    realised by an explicit link diagram whose linking matrix is the graph's adjacency matrix
    and re-checked from its PD code."""
    from polytopes import primitive

    from cones.stabilizer.cone import stabilizer_inner_bound
    from cones.stabilizer.graph_states import unpack_adjacency

    inner = stabilizer_inner_bound(n, qubits, progress=progress)
    found = inner.found
    index = {}
    for i, vector in enumerate(found.vectors):
        if vector.any() and found.graphs[i] is not None:
            index.setdefault(primitive(vector), i)
    realisations, unrealised = {}, []
    for representative in inner.representatives:
        key = tuple(int(v) for v in representative)
        i = index.get(key)
        if i is None:
            unrealised.append(key)
            continue
        adjacency = unpack_adjacency(np.asarray(found.graphs[i], dtype=np.uint64))
        link = realise_graph_state_by_link(adjacency, found.assignments[i], n, 2)
        if link.ray != key or not link.verify():
            unrealised.append(key)
        else:
            realisations[key] = link
    return LinkInnerBound(inner.cone, realisations, tuple(unrealised))
