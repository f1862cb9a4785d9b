"""Graph models of holographic entropy: weighted graphs with boundary and bulk vertices.

A graph on ``n`` parties has one boundary vertex per party (``"A", "B", ...``), one for the
purifier ``"O"`` and any number of bulk vertices.  Its entropy vector is the min-cut vector

    S_I = min { w(C, V \\ C) : C contains the boundary vertices of I and no other boundary vertex }

for every non-empty subset ``I`` of the parties (``O`` is always outside ``C``), in the
coordinate order of :class:`cones.space.EntropySpace`.  Weights are exact (ints or
Fractions); the computation scales them by the lcm of the denominators and works in integers.

Two exact evaluators:

* enumeration (small bulk): the cut of a 0/1 vertex labelling ``x`` is the Laplacian form
  ``x^T L x``; all ``2^n`` boundary labellings and all ``2^k`` bulk labellings are evaluated at
  once with numpy, for a whole batch of graphs (:func:`entropy_vectors`);
* max-flow (large bulk): ``scipy.sparse.csgraph.maximum_flow`` on integer capacities.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from polytopes import as_fraction, primitive

from cones.space import LABELS, PURIFIER, EntropySpace

ENUMERATION_MAX_BULK = 12
_CHUNK_ENTRIES = 1 << 22  # graphs x boundary labellings x bulk labellings per numpy chunk


def boundary_names(n: int) -> list[str]:
    """Boundary vertex names in vertex order: the parties, then the purifier ``"O"``."""
    return list(LABELS[:n]) + [PURIFIER]


def vertex_order(n: int, names) -> tuple:
    """The boundary vertices, then the bulk vertices in order of first appearance in ``names``;
    ValueError if a boundary vertex is missing or a name is a party label beyond ``n``."""
    boundary = boundary_names(n)
    bulk = []
    for name in names:
        if name in boundary or name in bulk:
            continue
        if isinstance(name, str) and len(name) == 1 and name in LABELS:
            raise ValueError(f"vertex {name!r} names a party beyond n={n}")
        bulk.append(name)
    present = set(names)
    missing = [b for b in boundary if b not in present]
    if missing:
        raise ValueError(
            f"boundary vertex {', '.join(map(repr, missing))} missing: every party and the "
            "purifier O needs a vertex (list isolated ones in `vertices`)"
        )
    return tuple(boundary + bulk)


def exact_weight(value, what: str) -> Fraction:
    """``value`` as an exact non-negative rational; ValueError naming ``what`` otherwise."""
    try:
        weight = as_fraction(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    if weight < 0:
        raise ValueError(f"{what} has negative weight {weight}")
    return weight


class Graph:
    """A weighted undirected graph with ``n + 1`` boundary vertices and bulk vertices.

    ``edges`` is an iterable of ``(u, v, weight)`` (or ``(u, v)`` for weight 1).  Boundary
    vertices are named by the party labels and ``"O"``; any other hashable name is a bulk
    vertex.  ``vertices`` may list extra (e.g. isolated) vertices.  Every boundary vertex must
    occur; parallel edges add up; weights must be non-negative exact numbers.

    Examples
    --------
    A star with one bulk vertex: every region cuts one unit edge (the entropies of a GHZ-like
    tripartite state).

    >>> g = Graph(2, [("A", "x", 1), ("B", "x", 1), ("O", "x", 1)])
    >>> g.entropy_vector().tolist()
    [1, 1, 1]

    References: Bao et al., arXiv:1505.07839.
    """

    def __init__(self, n: int, edges=(), vertices=()):
        self.space = EntropySpace(n)
        self.n = self.space.n
        self.vertices = vertex_order(self.n, list(vertices) + [v for e in _edge_tuples(edges) for v in e[:2]])
        self._position = {v: i for i, v in enumerate(self.vertices)}
        weights: dict[tuple[int, int], Fraction] = {}
        for u, v, w in _edge_tuples(edges):
            w = exact_weight(w, f"edge ({u!r}, {v!r})")
            if u == v:
                raise ValueError(f"edge ({u!r}, {v!r}) is a self-loop")
            i, j = sorted((self._position[u], self._position[v]))
            weights[(i, j)] = weights.get((i, j), Fraction(0)) + w
        self._weights = {e: w for e, w in weights.items() if w != 0}

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_networkx(cls, graph, n: int, boundary: dict | None = None, weight: str = "weight") -> "Graph":
        """From a networkx graph; ``boundary`` maps labels ``"A".."O"`` to nodes (default: nodes named so).

        Edge weights are read from the ``weight`` attribute (1 when absent).
        """
        labels = boundary_names(n)
        boundary = dict(boundary or {})
        unknown = set(boundary) - set(labels)
        if unknown:
            raise ValueError(f"boundary mapping names unknown labels {sorted(map(str, unknown))}")
        rename = {node: label for label, node in boundary.items()}
        if len(rename) != len(boundary):
            raise ValueError("boundary mapping sends two labels to the same node")
        for label in labels:
            if label in graph.nodes and label not in rename:
                if label in boundary:
                    raise ValueError(f"node {label!r} clashes with the boundary label mapped to {boundary[label]!r}")
                rename[label] = label
        relabel = {node: rename.get(node, node) for node in graph.nodes}
        edges = [(relabel[u], relabel[v], d.get(weight, 1)) for u, v, d in graph.edges(data=True)]
        return cls(n, edges, vertices=[relabel[v] for v in graph.nodes])

    @classmethod
    def from_weight_matrix(cls, n: int, matrix, names=None) -> "Graph":
        """From a symmetric weight matrix whose first ``n + 1`` rows are ``A, B, .., O``."""
        m = np.asarray(matrix, dtype=object)
        size = m.shape[0]
        if m.ndim != 2 or m.shape != (size, size) or size < n + 1:
            raise ValueError(f"weight matrix must be square with at least {n + 1} rows, got {m.shape}")
        names = list(names) if names is not None else boundary_names(n) + [f"x{i}" for i in range(size - n - 1)]
        edges = []
        for i in range(size):
            for j in range(i + 1, size):
                if m[i, j] != m[j, i]:
                    raise ValueError(f"weight matrix is not symmetric at ({names[i]!r}, {names[j]!r})")
                if m[i, j] != 0:
                    edges.append((names[i], names[j], m[i, j]))
        return cls(n, edges, vertices=names)

    # -- data ------------------------------------------------------------------------------
    @property
    def bulk(self) -> tuple:
        """Bulk vertex names."""
        return self.vertices[self.n + 1:]

    @property
    def edges(self) -> list[tuple]:
        """``(u, v, weight)`` with exact Fraction weights, non-zero edges only."""
        return [(self.vertices[i], self.vertices[j], w) for (i, j), w in sorted(self._weights.items())]

    def weight_matrix(self) -> tuple[np.ndarray, int]:
        """Integer weight matrix ``W`` (int64, vertex order) and scale ``s`` with weights ``= W / s``."""
        scale = lcm(*(w.denominator for w in self._weights.values())) if self._weights else 1
        size = len(self.vertices)
        mat = np.zeros((size, size), dtype=np.int64)
        for (i, j), w in self._weights.items():
            value = int(w * scale)
            if value >= 1 << 40:
                raise OverflowError(f"edge weight {w} scaled by {scale} is too large for exact int64 cuts")
            mat[i, j] = mat[j, i] = value
        return mat, scale

    def to_networkx(self):
        """A ``networkx.Graph`` with Fraction ``weight`` attributes and ``boundary`` node flags."""
        import networkx as nx

        g = nx.Graph()
        for i, v in enumerate(self.vertices):
            g.add_node(v, boundary=i <= self.n)
        for u, v, w in self.edges:
            g.add_edge(u, v, weight=w)
        return g

    def to_json(self) -> dict:
        """JSON-ready ``{"n": .., "vertices": [..], "edges": [[u, v, "p/q"], ..]}`` (names as strings)."""
        return {
            "n": self.n,
            "vertices": [str(v) for v in self.vertices],
            "edges": [[str(u), str(v), str(w)] for u, v, w in self.edges],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Graph":
        """Inverse of :meth:`to_json`."""
        return cls(data["n"], [(u, v, Fraction(w)) for u, v, w in data["edges"]], vertices=data["vertices"])

    def __eq__(self, other):
        return isinstance(other, Graph) and (self.n, self.vertices, self._weights) == (other.n, other.vertices, other._weights)

    def __repr__(self):
        return f"Graph(n={self.n}, bulk={len(self.bulk)}, edges={[(u, v, str(w)) for u, v, w in self.edges]})"

    # -- entropies -------------------------------------------------------------------------
    def entropy_vector(self, method: str = "auto") -> np.ndarray:
        """Exact min-cut entropy vector: int64 array, or Fraction object array for rational weights.

        ``method`` is ``"enumerate"`` (numpy over bulk labellings), ``"maxflow"`` (scipy) or
        ``"auto"`` (enumeration up to 12 bulk vertices).
        """
        mat, scale = self.weight_matrix()
        return exact_min_cuts(method, len(self.bulk), scale, lambda: entropy_vectors(mat[None], self.n)[0],
                              lambda: _maxflow_vector(mat, self.n))

    def ray(self) -> tuple[int, ...]:
        """The entropy vector scaled to a primitive integer vector."""
        return primitive(self.entropy_vector())

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, ax=None):
        """Draw with matplotlib: boundary vertices labelled on a circle, bulk inside, widths by weight."""
        import matplotlib.pyplot as plt
        import networkx as nx

        if ax is None:
            _, ax = plt.subplots(figsize=(4, 4))
        g = self.to_networkx()
        angles = 2 * np.pi * np.arange(self.n + 1) / (self.n + 1)
        fixed = {v: (np.cos(a), np.sin(a)) for v, a in zip(self.vertices[: self.n + 1], angles)}
        pos = dict(fixed)
        if self.bulk:
            init = {**fixed, **{v: (0.3 * np.cos(i), 0.3 * np.sin(i)) for i, v in enumerate(self.bulk)}}
            pos = nx.spring_layout(g, pos=init, fixed=list(fixed), seed=0, weight=None)
        weights = [float(w) for _, _, w in self.edges]
        top = max(weights, default=1.0)
        nx.draw_networkx_edges(g, pos, ax=ax, width=[0.5 + 3.5 * w / top for w in weights])
        nx.draw_networkx_edge_labels(g, pos, ax=ax, edge_labels={(u, v): str(w) for u, v, w in self.edges}, font_size=7)
        boundary = list(self.vertices[: self.n + 1])
        nx.draw_networkx_nodes(g, pos, nodelist=boundary, ax=ax, node_color="#f4c542", node_size=320)
        nx.draw_networkx_labels(g, pos, labels={v: v for v in boundary}, ax=ax)
        if self.bulk:
            nx.draw_networkx_nodes(g, pos, nodelist=list(self.bulk), ax=ax, node_color="#555555", node_size=60)
        ax.set_aspect("equal")
        ax.axis("off")
        return ax


def exact_min_cuts(method: str, bulk: int, scale: int, enumerate_, maxflow) -> np.ndarray:
    """The min-cut vector of a model whose weights were scaled by ``scale`` to integers:
    ``enumerate_()`` or ``maxflow()`` (``method="auto"``: enumeration up to 12 bulk vertices),
    divided back exactly (int64 if ``scale == 1``, else Fractions)."""
    if method == "auto":
        method = "enumerate" if bulk <= ENUMERATION_MAX_BULK else "maxflow"
    if method == "enumerate":
        s = enumerate_()
    elif method == "maxflow":
        s = maxflow()
    else:
        raise ValueError(f"unknown min-cut method {method!r} (use 'auto', 'enumerate' or 'maxflow')")
    if scale == 1:
        return s
    return np.array([Fraction(int(v), scale) for v in s], dtype=object)


def _edge_tuples(edges):
    for e in edges:
        if len(e) == 2:
            yield (e[0], e[1], 1)
        elif len(e) == 3:
            yield tuple(e)
        else:
            raise ValueError(f"edge {e!r} must be (u, v) or (u, v, weight)")


def _labellings(bits: int) -> np.ndarray:
    """All 0/1 labellings of ``bits`` vertices, row ``m`` = binary digits of ``m``."""
    m = np.arange(1 << bits, dtype=np.int64)
    return (m[:, None] >> np.arange(bits, dtype=np.int64)) & 1


def entropy_vectors(weight_matrices, n: int) -> np.ndarray:
    """Min-cut entropy vectors of a batch of graphs with the same vertex set, by enumeration.

    ``weight_matrices`` has shape ``(G, V, V)`` (symmetric, non-negative integers, vertex order
    ``A, .., O, bulk..``).  Returns int64 ``(G, 2^n - 1)``.  With boundary labelling ``b`` and
    bulk labelling ``c``, ``cut = b^T L_bb b + 2 b^T L_bc c + c^T L_cc c`` (``L`` the Laplacian);
    ``S_I`` minimises over ``c`` with ``b`` the indicator of ``I`` (``O`` labelled 0).
    """
    w = np.asarray(weight_matrices)
    if w.ndim == 2:
        w = w[None]
    if w.ndim != 3 or w.shape[1] != w.shape[2] or w.shape[1] < n + 1:
        raise ValueError(f"weight matrices must have shape (G, V, V) with V >= {n + 1}, got {w.shape}")
    if not np.issubdtype(w.dtype, np.integer):
        raise TypeError(f"weight matrices must be integer arrays (scale rationals first), got {w.dtype}")
    w = w.astype(np.int64, copy=False)
    if (w < 0).any():
        g, i, j = np.argwhere(w < 0)[0]
        raise ValueError(f"negative weight {w[g, i, j]} on edge ({i}, {j}) of graph {g}")
    if not (w == w.transpose(0, 2, 1)).all():
        raise ValueError("weight matrices must be symmetric")
    k = w.shape[1] - n - 1
    if k > ENUMERATION_MAX_BULK + 4:
        raise ValueError(f"{k} bulk vertices are too many for enumeration; use Graph.entropy_vector(method='maxflow')")
    lap = -w.copy()
    diag = np.arange(w.shape[1])
    lap[:, diag, diag] = w.sum(axis=2) - w[:, diag, diag]
    space = EntropySpace(n)
    b = np.zeros((space.dim, n + 1), dtype=np.int64)
    b[:, :n] = _labellings(n)[space.masks]
    c = _labellings(k)
    out = np.empty((w.shape[0], space.dim), dtype=np.int64)
    chunk = max(1, _CHUNK_ENTRIES // (space.dim << k))
    for start in range(0, w.shape[0], chunk):
        lp = lap[start : start + chunk]
        lbb, lbc, lcc = lp[:, : n + 1, : n + 1], lp[:, : n + 1, n + 1 :], lp[:, n + 1 :, n + 1 :]
        t1 = np.einsum("ai,gij,aj->ga", b, lbb, b)
        t3 = np.einsum("ci,gij,cj->gc", c, lcc, c)
        t2 = 2 * np.matmul(np.matmul(b, lbc), c.T)  # (g, 2^n-1, 2^k)
        out[start : start + chunk] = t1 + (t2 + t3[:, None, :]).min(axis=2)
    return out


def _maxflow_vector(mat: np.ndarray, n: int) -> np.ndarray:
    """Min-cut vector by scipy max-flow: super source on ``I``'s boundary, super sink on the rest."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    size = mat.shape[0]
    total = int(mat.sum())  # twice the total weight: larger than every cut
    if total + 1 >= 2**31:
        raise OverflowError("scaled weights too large for scipy's int32 max-flow; use method='enumerate'")
    rows, cols = np.nonzero(mat)
    caps = mat[rows, cols]
    source, sink = size, size + 1
    space = EntropySpace(n)
    out = np.empty(space.dim, dtype=np.int64)
    boundary = np.arange(n + 1)
    for idx, mask in enumerate(space.masks):
        inside = ((int(mask) >> boundary) & 1).astype(bool)
        inside[n] = False
        r = np.concatenate([rows, np.full(inside.sum(), source), boundary[~inside]])
        c = np.concatenate([cols, boundary[inside], np.full((~inside).sum(), sink)])
        cap = np.concatenate([caps, np.full(n + 1, total + 1)])
        csr = csr_matrix((cap.astype(np.int32), (r, c)), shape=(size + 2, size + 2))
        out[idx] = maximum_flow(csr, source, sink).flow_value
    return out
