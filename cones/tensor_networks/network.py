"""Random tensor networks: a graph with boundary and bulk vertices whose edges carry link states.

Each edge ``e = (u, v)`` carries a bond dimension ``D_e`` and a link state
``|phi_e> = sum_i sqrt(lambda_e[i]) |i>_u |i>_v`` given by its Schmidt spectrum ``lambda_e``
(a probability vector of length ``D_e``; flat ``1/D_e`` by default).  A bulk vertex holds a
random tensor on its legs; a boundary vertex (a party ``A, B, ..`` or the purifier ``O``)
keeps its legs open, so party ``A`` lives on the tensor product of the legs at ``A``.
The state is ``|psi> = (tensor_x <V_x|) tensor_e |phi_e>`` (Hayden et al., arXiv:1601.01694;
non-flat links: Cheng, Lancien, Penington, Walter, Witteveen, arXiv:2206.10482).

Spectra given as ints, Fractions or strings like ``"1/3"`` are kept exact (the replica sums
are then exact rationals); floats are kept as floats and checked to sum to 1 within 1e-9.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from polytopes import as_fraction

from cones.holographic.graphs import boundary_names, vertex_order
from cones.space import EntropySpace

FLOAT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Link:
    """One edge: its end vertices, bond dimension and Schmidt spectrum (a tuple)."""

    u: object
    v: object
    dimension: int
    spectrum: tuple

    @property
    def exact(self) -> bool:
        return all(isinstance(p, Fraction) for p in self.spectrum)

    def power_sum(self, k: int):
        """``tr(lambda^k) = sum_i lambda_i^k`` (exact for an exact spectrum)."""
        return sum(p ** k for p in self.spectrum)


def spectrum_of(spectrum, dimension: int, what: str) -> tuple:
    """Validate a Schmidt spectrum: ``dimension`` non-negative entries summing to 1.

    ``None`` gives the flat spectrum ``1/dimension``; ValueError naming ``what`` otherwise.

    >>> spectrum_of(None, 2, "edge")
    (Fraction(1, 2), Fraction(1, 2))
    >>> spectrum_of([0.5, 0.6], 2, "edge (A, x)")
    Traceback (most recent call last):
    ...
    ValueError: edge (A, x): spectrum sums to 1.1, not 1 (it must be a probability vector)
    """
    if isinstance(dimension, bool) or not isinstance(dimension, (int, np.integer)) or dimension < 1:
        raise ValueError(f"{what}: bond dimension must be a positive integer, got {dimension!r}")
    if spectrum is None:
        return (Fraction(1, int(dimension)),) * int(dimension)
    values = list(np.asarray(spectrum, dtype=object).ravel())
    if len(values) != dimension:
        raise ValueError(f"{what}: spectrum has {len(values)} entries, the bond dimension is {dimension}")
    if all(isinstance(p, (float, np.floating)) for p in values):
        values = [float(p) for p in values]
        total = sum(values)
        ok = abs(total - 1) <= FLOAT_TOLERANCE
    else:
        try:
            values = [Fraction(p) if isinstance(p, str) else as_fraction(p) for p in values]
        except ValueError as exc:
            raise ValueError(f"{what}: spectrum entry is not a number: {exc}") from None
        total = sum(values)
        ok = total == 1
    negative = [p for p in values if p < 0]
    if negative:
        raise ValueError(f"{what}: spectrum has the negative entry {negative[0]} (it must be a probability vector)")
    if not ok:
        raise ValueError(f"{what}: spectrum sums to {total}, not 1 (it must be a probability vector)")
    return tuple(values)


class Network:
    """A random tensor network on ``n`` parties (boundary vertices ``A, B, .., O``) and bulk vertices.

    ``links`` is an iterable of ``(u, v, D)`` (flat link of bond dimension ``D``) or
    ``(u, v, D, spectrum)``.  ``vertices``, when given, declares the bulk vertices (and may add
    isolated ones): a link to any other name is then an error.  Every boundary vertex must
    occur.  Parallel edges are separate links.

    >>> net = Network(1, [("A", "O", 2, ["1/4", "3/4"])])
    >>> net.links[0].spectrum
    (Fraction(1, 4), Fraction(3, 4))
    >>> net.boundary_dimension("A")
    2
    >>> Network(1, [("A", "x", 2), ("y", "O", 2)], vertices=["x"])
    Traceback (most recent call last):
    ...
    ValueError: link ('y', 'O') names the unknown vertex 'y' (declared: A, O, 'x')
    """

    def __init__(self, n: int, links=(), vertices=()):
        self.space = EntropySpace(n)
        self.n = self.space.n
        links = [tuple(link) for link in links]
        for link in links:
            if len(link) not in (3, 4):
                raise ValueError(f"a link is (u, v, D) or (u, v, D, spectrum), got {link!r}")
        if vertices:
            _check_declared(self.n, list(vertices), links)
        self.vertices = vertex_order(self.n, list(vertices) + [x for link in links for x in link[:2]])
        self.position = {x: i for i, x in enumerate(self.vertices)}
        self.links = []
        for link in links:
            u, v, dim = link[:3]
            if u == v:
                raise ValueError(f"link ({u!r}, {v!r}) is a self-loop")
            what = f"link ({u!r}, {v!r})"
            self.links.append(Link(u, v, int(dim) if isinstance(dim, (int, np.integer)) else dim,
                                   spectrum_of(link[3] if len(link) == 4 else None, dim, what)))

    @classmethod
    def from_graph(cls, graph, dimension: int, spectrum=None) -> "Network":
        """The network of a :class:`cones.holographic.Graph` with integer weights: edge weight ``w``
        becomes a flat link of bond dimension ``dimension**w`` (or ``spectrum`` tensored ``w`` times).

        >>> from cones.holographic import Graph
        >>> star = Graph(2, [("A", "x", 1), ("B", "x", 1), ("O", "x", 2)])
        >>> [l.dimension for l in Network.from_graph(star, 3).links]
        [3, 3, 9]
        """
        links = []
        if spectrum is not None:
            spectrum = spectrum_of(spectrum, dimension, "spectrum")
        for u, v, w in graph.edges:
            if w.denominator != 1:
                raise ValueError(f"edge ({u!r}, {v!r}) has weight {w}: bond dimensions D**w need integer weights")
            power = None if spectrum is None else _tensor_power(spectrum, int(w))
            links.append((u, v, dimension ** int(w), power))
        return cls(graph.n, links, vertices=graph.vertices)

    # -- data -----------------------------------------------------------------------------
    @property
    def bulk(self) -> tuple:
        """Bulk vertex names, in order of first appearance."""
        return self.vertices[self.n + 1:]

    @property
    def boundary(self) -> tuple:
        """Boundary vertex names ``A, B, .., O``."""
        return tuple(boundary_names(self.n))

    @property
    def exact(self) -> bool:
        """Every spectrum is exact (rational)."""
        return all(link.exact for link in self.links)

    def is_bulk(self, vertex) -> bool:
        return self.position[vertex] > self.n

    def boundary_dimension(self, vertex) -> int:
        """Dimension of the Hilbert space at a boundary vertex: the product of its bond dimensions."""
        if vertex not in self.position:
            raise ValueError(f"unknown vertex {vertex!r}")
        if self.is_bulk(vertex):
            raise ValueError(f"vertex {vertex!r} is a bulk vertex, not a party")
        return int(np.prod([l.dimension for l in self.links if vertex in (l.u, l.v)], dtype=object))

    def region_mask(self, region) -> int:
        """Bitmask of a region given as ``"AB"``, ``{0, 1}``, .. (``O`` allowed), via the space."""
        return self.space.parse_subset(region)

    def __repr__(self):
        return f"Network(n={self.n}, bulk={len(self.bulk)}, links={len(self.links)})"


def _check_declared(n: int, vertices: list, links: list) -> None:
    known = set(boundary_names(n)) | set(vertices)
    for link in links:
        for x in link[:2]:
            if x not in known:
                declared = ", ".join(boundary_names(n) + [repr(v) for v in vertices if v not in boundary_names(n)])
                raise ValueError(f"link ({link[0]!r}, {link[1]!r}) names the unknown vertex {x!r} (declared: {declared})")


def _tensor_power(spectrum, w: int):
    out = np.array([1], dtype=object)
    values = np.asarray(spectrum, dtype=object)
    for _ in range(w):
        out = np.outer(out, values).ravel()
    return list(out)
