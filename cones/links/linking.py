"""Links as entropy models: a link's components, its Gauss linking matrix, and which party
holds each component.

A :class:`Link` is an integer symmetric linking matrix (the diagonal, the framing, plays no
part in the abelian link states and is set to zero) together with ``parties[c]``, the party
of component ``c`` (``0 .. n-1``, or ``n`` for the purifier ``O``).  It is read from a link
diagram through ``spherogram`` (SnapPy's link library): a PD code, a braid word (its closure)
or a name from the Rolfsen / Thistlethwaite tables such as ``"L2a1"`` (Hopf link), ``"L5a1"``
(Whitehead link) or ``"L6a4"`` (Borromean rings).  The diagram is kept when there is one.

References: Bao, Cheng, Hernández-Cuenca, Su, arXiv:2109.01150 (links as a model of
multipartite entanglement); Balasubramanian, Fliss, Leigh, Parrikar, arXiv:1611.05460 (link
states of Chern-Simons theory on the link complement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cones.space import EntropySpace

NAMED_LINKS = {"hopf": "L2a1", "whitehead": "L5a1", "borromean": "L6a4"}


@dataclass(frozen=True)
class Link:
    """An ``m``-component link with a party for each component (``n`` = purifier ``O``).

    Examples
    --------
    >>> hopf = Link.named("hopf", parties=[0, 1])
    >>> hopf.linking.tolist(), hopf.space
    ([[0, -1], [-1, 0]], EntropySpace(n=1, pure=True))
    """

    linking: np.ndarray
    parties: tuple[int, ...]
    n: int
    pd_code: tuple | None = field(default=None, compare=False)

    def __post_init__(self):
        matrix = linking_matrix(self.linking)
        parties = tuple(int(p) for p in self.parties)
        if len(parties) != matrix.shape[0]:
            raise ValueError(f"{matrix.shape[0]} components but {len(parties)} party labels")
        if isinstance(self.n, bool) or not isinstance(self.n, (int, np.integer)) or self.n < 1:
            raise ValueError(f"the number of parties must be a positive integer, got {self.n!r}")
        bad = [p for p in parties if not 0 <= p <= self.n]
        if bad:
            raise ValueError(f"party labels must be 0..{self.n} ({self.n} is the purifier O), got {bad}")
        object.__setattr__(self, "linking", matrix)
        object.__setattr__(self, "parties", parties)
        object.__setattr__(self, "n", int(self.n))

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_matrix(cls, linking, parties=None, n: int | None = None) -> "Link":
        """From an integer symmetric linking matrix; by default component ``c`` is party ``c``
        and the last component is the purifier."""
        m = len(linking)
        parties = list(range(m)) if parties is None else list(parties)
        return cls(np.array(linking, dtype=object), tuple(parties), _parties_count(parties, n))

    @classmethod
    def from_diagram(cls, diagram, parties=None, n: int | None = None) -> "Link":
        """From a ``spherogram.Link``; its linking matrix is computed by spherogram."""
        linking = np.array(diagram.linking_matrix(), dtype=object).reshape(len(diagram.link_components), -1)
        parties = list(range(len(linking))) if parties is None else list(parties)
        return cls(linking, tuple(parties), _parties_count(parties, n), tuple(map(tuple, diagram.PD_code())))

    @classmethod
    def from_pd(cls, pd_code, parties=None, n: int | None = None) -> "Link":
        """From a PD code (a list of 4-tuples of edge labels, spherogram's convention)."""
        import spherogram

        try:
            crossings = [tuple(int(v) for v in x) for x in pd_code]
            if not crossings or any(len(x) != 4 for x in crossings):
                raise ValueError("each crossing is a 4-tuple of edge labels")
            diagram = spherogram.Link(crossings)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not a valid PD code: {exc}") from None
        return cls.from_diagram(diagram, parties, n)

    @classmethod
    def from_braid(cls, word, parties=None, n: int | None = None) -> "Link":
        """From the closure of a braid word (``i`` for sigma_i, ``-i`` for its inverse)."""
        import spherogram

        word = [int(x) for x in word]
        if not word or 0 in word:
            raise ValueError("a braid word is a non-empty list of non-zero integers (i: sigma_i, -i: its inverse)")
        return cls.from_diagram(spherogram.Link(braid_closure=word), parties, n)

    @classmethod
    def named(cls, name: str, parties=None, n: int | None = None) -> "Link":
        """A link from the tables: ``"hopf"``, ``"whitehead"``, ``"borromean"`` or a table name
        such as ``"L6a4"``."""
        import spherogram

        table = NAMED_LINKS.get(name.lower(), name)
        try:
            diagram = spherogram.Link(table)
        except Exception as exc:  # spherogram raises several kinds for an unknown name
            raise ValueError(f"unknown link {name!r} (known by name: {sorted(NAMED_LINKS)}, or a table name "
                             f"like 'L6a4')") from exc
        return cls.from_diagram(diagram, parties, n)

    # -- what it is ------------------------------------------------------------------------
    @property
    def components(self) -> int:
        return len(self.parties)

    @property
    def space(self) -> EntropySpace:
        return EntropySpace(self.n)

    def region_components(self, mask: int) -> np.ndarray:
        """Indices of the components held by the parties in ``mask`` (bit ``n`` = purifier)."""
        return np.array([c for c, p in enumerate(self.parties) if mask >> p & 1], dtype=np.int64)

    def block(self, mask: int) -> np.ndarray:
        """The linking numbers between the components of the region ``mask`` and the rest."""
        inside = self.region_components(mask)
        outside = np.setdiff1d(np.arange(self.components), inside)
        return self.linking[np.ix_(inside, outside)]


def linking_matrix(values) -> np.ndarray:
    """``values`` checked as a linking matrix: square, integer, symmetric; the diagonal (the
    framing) is set to zero.  A read-only int64 array."""
    matrix = np.array(values, dtype=object)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise ValueError(f"a linking matrix is a non-empty square matrix, got shape {matrix.shape}")
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in matrix.flat):
        raise ValueError("linking numbers must be integers")
    matrix = matrix.astype(np.int64)
    if (matrix != matrix.T).any():
        raise ValueError("a linking matrix is symmetric (lk(i, j) = lk(j, i))")
    np.fill_diagonal(matrix, 0)
    matrix.setflags(write=False)
    return matrix


def _parties_count(parties, n: int | None) -> int:
    """``n`` when given, else one less than the number of labels used (the largest label is O)."""
    if n is not None:
        return n
    labels = sorted(set(int(p) for p in parties))
    if len(labels) < 2:
        raise ValueError("a link state needs components on at least two sides (a party and the purifier)")
    return max(labels)
