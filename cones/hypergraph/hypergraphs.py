"""Hypergraph models of entropy (Bao, Cheng, Hernández-Cuenca, Su, arXiv:2002.05317).

A hypergraph on ``n`` parties has one boundary vertex per party (``"A", "B", ...``), one for
the purifier ``"O"``, any number of bulk vertices, and weighted hyperedges (vertex sets).  A cut
``C`` *splits* a hyperedge ``e`` when ``e`` meets both ``C`` and its complement; a split
hyperedge costs its full weight once.  The entropy vector is

    S_I = min { sum of w_e over the hyperedges e split by C :
                C contains the boundary vertices of I and no other boundary vertex }

in the coordinate order of :class:`cones.space.EntropySpace` (``O`` is always outside ``C``).
Graphs are the hypergraphs of rank 2.  Weights are exact (ints or Fractions), scaled by the
lcm of their denominators to integers.

Two exact evaluators:

* enumeration (small bulk): with the 0/1 labelling ``x`` of the vertices and the incidence
  matrix ``H``, hyperedge ``e`` is split iff ``0 < (H x)_e < |e|``; every boundary labelling and
  every bulk labelling is evaluated at once with numpy, for a whole batch of weightings of the
  same hyperedges (:func:`hypergraph_entropy_vectors`);
* max-flow (large bulk) on the graph gadget: each hyperedge ``e`` becomes two nodes
  ``e_in -> e_out`` joined by an arc of capacity ``w_e``, with uncapacitated arcs
  ``v -> e_in`` and ``e_out -> v`` for every ``v`` in ``e``; a finite cut of the gadget that
  splits ``e`` pays exactly ``w_e`` (scipy's ``maximum_flow``).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from polytopes import primitive

from cones.holographic.graphs import ENUMERATION_MAX_BULK, exact_min_cuts, exact_weight, vertex_order
from cones.space import EntropySpace

_CHUNK_ENTRIES = 1 << 23  # weightings x labellings per numpy chunk


class Hypergraph:
    """A weighted hypergraph with ``n + 1`` boundary vertices and bulk vertices.

    ``hyperedges`` is an iterable whose items are either a collection of vertex names (weight
    1) or a pair ``(collection, weight)``; collections are tuples, lists, sets or frozensets.
    Boundary vertices are named by the party labels and ``"O"``; any other hashable name is a
    bulk vertex.  ``vertices`` may list extra (isolated) vertices.  Every boundary vertex must
    occur; hyperedges with the same vertex set add up; weights are non-negative exact numbers.

    Examples
    --------
    One hyperedge joining all three boundary vertices (a GHZ state's entropies):

    >>> Hypergraph(2, [(("A", "B", "O"), 1)]).entropy_vector().tolist()
    [1, 1, 1]

    References: Bao, Cheng, Hernández-Cuenca, Su, arXiv:2002.05317.
    """

    def __init__(self, n: int, hyperedges=(), vertices=()):
        self.space = EntropySpace(n)
        self.n = self.space.n
        items = [_hyperedge_item(item) for item in hyperedges]
        self.vertices = vertex_order(self.n, list(vertices) + [v for members, _ in items for v in members])
        position = {v: i for i, v in enumerate(self.vertices)}
        weights: dict[frozenset, Fraction] = {}
        for members, w in items:
            key = frozenset(position[v] for v in members)
            weights[key] = weights.get(key, Fraction(0)) + w
        self._weights = {e: w for e, w in weights.items() if w != 0}

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_graph(cls, graph) -> "Hypergraph":
        """The rank-2 hypergraph of a :class:`cones.holographic.graphs.Graph`."""
        return cls(graph.n, [((u, v), w) for u, v, w in graph.edges], vertices=graph.vertices)

    # -- data ------------------------------------------------------------------------------
    @property
    def bulk(self) -> tuple:
        """Bulk vertex names."""
        return self.vertices[self.n + 1:]

    @property
    def hyperedges(self) -> list[tuple[tuple, Fraction]]:
        """``(vertex names in vertex order, weight)``, non-zero weights, sorted by vertex positions."""
        keys = sorted(self._weights, key=lambda e: (len(e), sorted(e)))
        return [(tuple(self.vertices[i] for i in sorted(e)), self._weights[e]) for e in keys]

    @property
    def rank(self) -> int:
        """The largest hyperedge size (0 without hyperedges)."""
        return max((len(e) for e in self._weights), default=0)

    def incidence(self) -> tuple[np.ndarray, np.ndarray, int]:
        """``(H, w, s)``: int8 incidence matrix (hyperedges x vertices, :attr:`hyperedges` order),
        int64 weights ``w`` and scale ``s`` with the exact weights ``= w / s``."""
        edges = self.hyperedges
        scale = lcm(*(w.denominator for _, w in edges)) if edges else 1
        position = {v: i for i, v in enumerate(self.vertices)}
        inc = np.zeros((len(edges), len(self.vertices)), dtype=np.int8)
        weights = np.zeros(len(edges), dtype=np.int64)
        for row, (members, w) in enumerate(edges):
            inc[row, [position[v] for v in members]] = 1
            value = int(w * scale)
            if value >= 1 << 40:
                raise OverflowError(f"hyperedge weight {w} scaled by {scale} is too large for exact int64 cuts")
            weights[row] = value
        return inc, weights, scale

    def to_json(self) -> dict:
        """JSON-ready ``{"n": .., "vertices": [..], "hyperedges": [[[names..], "p/q"], ..]}``."""
        return {
            "n": self.n,
            "vertices": [str(v) for v in self.vertices],
            "hyperedges": [[[str(v) for v in members], str(w)] for members, w in self.hyperedges],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Hypergraph":
        """Inverse of :meth:`to_json`."""
        return cls(data["n"], [(tuple(m), Fraction(w)) for m, w in data["hyperedges"]], vertices=data["vertices"])

    def __eq__(self, other):
        return isinstance(other, Hypergraph) and (self.n, self.vertices, self._weights) == (other.n, other.vertices, other._weights)

    def __repr__(self):
        edges = [("".join(map(str, m)) if all(len(str(v)) == 1 for v in m) else m, str(w)) for m, w in self.hyperedges]
        return f"Hypergraph(n={self.n}, bulk={len(self.bulk)}, hyperedges={edges})"

    # -- entropies -------------------------------------------------------------------------
    def entropy_vector(self, method: str = "auto") -> np.ndarray:
        """Exact min-cut entropy vector: int64 array, or Fraction object array for rational weights.

        ``method`` is ``"enumerate"`` (numpy over bulk labellings), ``"maxflow"`` (graph gadget,
        scipy) or ``"auto"`` (enumeration up to 12 bulk vertices).
        """
        inc, weights, scale = self.incidence()
        return exact_min_cuts(method, len(self.bulk), scale,
                              lambda: hypergraph_entropy_vectors(inc, weights[None], self.n)[0],
                              lambda: _gadget_vector(inc, weights, self.n))

    def ray(self) -> tuple[int, ...]:
        """The entropy vector scaled to a primitive integer vector."""
        return primitive(self.entropy_vector())

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, ax=None):
        """Bipartite incidence picture: vertices (boundary labelled, on a circle) joined to
        square hyperedge nodes labelled by their weights."""
        import matplotlib.pyplot as plt
        import networkx as nx

        if ax is None:
            _, ax = plt.subplots(figsize=(4, 4))
        g = nx.Graph()
        boundary = list(self.vertices[: self.n + 1])
        g.add_nodes_from(self.vertices)
        hyper = [("e", i) for i in range(len(self._weights))]
        for node, (members, _) in zip(hyper, self.hyperedges):
            g.add_edges_from((node, v) for v in members)
        angles = 2 * np.pi * np.arange(self.n + 1) / (self.n + 1)
        fixed = {v: (np.cos(a), np.sin(a)) for v, a in zip(boundary, angles)}
        init = {**fixed, **{v: (0.3 * np.cos(i + 0.5), 0.3 * np.sin(i + 0.5)) for i, v in enumerate([*self.bulk, *hyper])}}
        pos = nx.spring_layout(g, pos=init, fixed=boundary, seed=0) if len(g) > len(boundary) else fixed
        nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#888888")
        nx.draw_networkx_nodes(g, pos, nodelist=boundary, ax=ax, node_color="#f4c542", node_size=320)
        nx.draw_networkx_labels(g, pos, labels={v: v for v in boundary}, ax=ax)
        if self.bulk:
            nx.draw_networkx_nodes(g, pos, nodelist=list(self.bulk), ax=ax, node_color="#555555", node_size=60)
        if hyper:
            nx.draw_networkx_nodes(g, pos, nodelist=hyper, ax=ax, node_shape="s", node_color="#9ecae1", node_size=220)
            nx.draw_networkx_labels(g, pos, labels={h: str(w) for h, (_, w) in zip(hyper, self.hyperedges)}, ax=ax, font_size=7)
        ax.set_aspect("equal")
        ax.axis("off")
        return ax


def _hyperedge_item(item) -> tuple[tuple, Fraction]:
    """``(members, weight)`` from a collection of names or a ``(collection, weight)`` pair."""
    collections = (tuple, list, set, frozenset)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], collections) and not isinstance(item[1], collections):
        members, weight = item
    elif isinstance(item, collections):
        members, weight = item, 1
    else:
        raise TypeError(f"hyperedge {item!r} must be a tuple/list/set of vertex names or a pair (names, weight)")
    members = tuple(dict.fromkeys(members))
    if not members:
        raise ValueError("empty hyperedge: a hyperedge needs at least one vertex")
    return members, exact_weight(weight, f"hyperedge {members!r}")


def _labellings(bits: int) -> np.ndarray:
    """All 0/1 labellings of ``bits`` vertices, row ``m`` = binary digits of ``m``."""
    m = np.arange(1 << bits, dtype=np.int64)
    return (m[:, None] >> np.arange(bits, dtype=np.int64)) & 1


def split_patterns(incidence, n: int) -> np.ndarray:
    """Bool ``(2^n - 1, 2^k, E)``: is hyperedge ``e`` split by the cut with boundary part ``I``
    (coordinate order) and bulk labelling ``c`` (bit ``j`` of ``c`` = bulk vertex ``j``)?"""
    inc = np.asarray(incidence, dtype=np.int64)
    k = inc.shape[1] - n - 1
    space = EntropySpace(n)
    labels = np.zeros((space.dim, 1 << k, inc.shape[1]), dtype=np.int64)
    labels[:, :, :n] = _labellings(n)[space.masks][:, None, :]
    labels[:, :, n + 1:] = _labellings(k)[None]
    inside = labels @ inc.T
    return (inside > 0) & (inside < inc.sum(axis=1))


def hypergraph_entropy_vectors(incidence, weights, n: int) -> np.ndarray:
    """Min-cut entropy vectors of many weightings of the same hyperedges, by enumeration.

    ``incidence`` is 0/1 of shape ``(E, V)`` (vertex order ``A, .., O, bulk..``), ``weights``
    non-negative integers ``(G, E)``.  Returns int64 ``(G, 2^n - 1)``: the minimum over bulk
    labellings of the split weight.
    """
    inc = np.asarray(incidence)
    w = np.asarray(weights)
    if w.ndim == 1:
        w = w[None]
    if inc.ndim != 2 or inc.shape[1] < n + 1:
        raise ValueError(f"incidence must have shape (E, V) with V >= {n + 1}, got {inc.shape}")
    if w.ndim != 2 or w.shape[1] != inc.shape[0]:
        raise ValueError(f"weights must have shape (G, {inc.shape[0]}), got {w.shape}")
    if not np.issubdtype(w.dtype, np.integer) or not (np.issubdtype(inc.dtype, np.integer) or inc.dtype == bool):
        raise TypeError("incidence and weights must be integer arrays (scale rationals first)")
    if ((inc != 0) & (inc != 1)).any():
        raise ValueError("incidence entries must be 0 or 1")
    if (inc.sum(axis=1) == 0).any():
        raise ValueError(f"empty hyperedge (row {int(np.flatnonzero(inc.sum(axis=1) == 0)[0])} of the incidence)")
    if (w < 0).any():
        g, e = np.argwhere(w < 0)[0]
        raise ValueError(f"negative weight {w[g, e]} on hyperedge {e} of weighting {g}")
    k = inc.shape[1] - n - 1
    if k > ENUMERATION_MAX_BULK + 4:
        raise ValueError(f"{k} bulk vertices are too many for enumeration; use Hypergraph.entropy_vector(method='maxflow')")
    split = split_patterns(inc, n)
    dim, labels = split.shape[:2]
    flat = split.reshape(dim * labels, -1).astype(np.int64)
    out = np.empty((w.shape[0], dim), dtype=np.int64)
    chunk = max(1, _CHUNK_ENTRIES // max(1, dim * labels))
    w = w.astype(np.int64, copy=False)
    for start in range(0, w.shape[0], chunk):
        costs = w[start:start + chunk] @ flat.T
        out[start:start + chunk] = costs.reshape(-1, dim, labels).min(axis=2)
    return out


def all_hyperedges(n: int, k: int) -> np.ndarray:
    """Incidence (int8) of every vertex set of size >= 2 on the ``n + 1 + k`` vertices ``A..O, x0..``."""
    size = n + 1 + k
    sets = np.arange(1 << size, dtype=np.int64)
    sets = sets[np.array([bin(int(s)).count("1") >= 2 for s in sets])]
    return ((sets[:, None] >> np.arange(size)) & 1).astype(np.int8)


def hypergraph_from_incidence(n: int, incidence, weights) -> Hypergraph:
    """The :class:`Hypergraph` with hyperedges the rows of ``incidence`` (vertices ``A..O, x0..``)."""
    inc = np.asarray(incidence)
    names = [*EntropySpace(n).all_labels, *(f"x{j}" for j in range(inc.shape[1] - n - 1))]
    edges = [(tuple(names[i] for i in np.flatnonzero(row)), Fraction(w)) for row, w in zip(inc, weights) if w]
    return Hypergraph(n, edges, vertices=names)


def _gadget_vector(incidence: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Min-cut vector by max-flow on the graph gadget (see the module docstring)."""
    return gadget_min_cuts(incidence, weights, n)[0]


def gadget_min_cuts(incidence, weights, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(S, sides)``: the min-cut value of every coordinate (int64, coordinate order) and the
    vertices (bool, coordinates x vertices) on the boundary side ``I`` of a minimum cut, by
    max-flow on the graph gadget (see the module docstring) with integer ``weights``."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    incidence = np.asarray(incidence)
    weights = np.asarray(weights, dtype=np.int64)
    n_edges, size = incidence.shape
    infinite = int(weights.sum()) + 1
    if infinite >= 2**31:
        raise OverflowError("scaled weights too large for scipy's int32 max-flow; use method='enumerate'")
    e_in = size + np.arange(n_edges)
    e_out = size + n_edges + np.arange(n_edges)
    source, sink = size + 2 * n_edges, size + 2 * n_edges + 1
    which, vertex = np.nonzero(incidence)
    rows = np.concatenate([vertex, e_out[which], e_in])
    cols = np.concatenate([e_in[which], vertex, e_out])
    caps = np.concatenate([np.full(2 * len(vertex), infinite), weights])
    space = EntropySpace(n)
    boundary = np.arange(n + 1)
    values = np.empty(space.dim, dtype=np.int64)
    sides = np.zeros((space.dim, size), dtype=bool)
    for idx, mask in enumerate(space.masks):
        inside = ((int(mask) >> boundary) & 1).astype(bool)
        r = np.concatenate([rows, np.full(inside.sum(), source), boundary[~inside]])
        c = np.concatenate([cols, boundary[inside], np.full((~inside).sum(), sink)])
        cap = np.concatenate([caps, np.full(n + 1, infinite)])
        network = csr_matrix((cap.astype(np.int32), (r, c)), shape=(sink + 1, sink + 1))
        flow = maximum_flow(network, source, sink)
        values[idx] = flow.flow_value
        residual = (network - flow.flow).tocsr()
        residual.data[residual.data < 0] = 0
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, source, directed=True, return_predecessors=False)
        sides[idx, reached[reached < size]] = True
    return values, sides
