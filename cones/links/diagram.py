"""A link diagram for any integer linking matrix: the certificate that a vector is realised by a link.

Each component is one strand of a pure braid, so it closes up into an unknot.  Components
``i < j`` are clasped by the pure-braid generator
``A_ij = (s_{j-1} ... s_{i+1}) s_i^2 (s_{i+1}^-1 ... s_{j-1}^-1)``, whose closure links them
once (the conjugating crossings cancel in the linking number); ``A_ij^l`` links them ``l``
times, with the sign of ``l``.  The PD code of the closure is the certificate: its linking
matrix, recomputed by spherogram, is the given one (components matched by a permutation that
the certificate records).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import numpy as np

from cones.core.certificate_kinds import register_certificate_kind
from cones.links.linking import linking_matrix


def clasp_braid(linking) -> list[int]:
    """A pure braid word whose closure has the linking matrix ``linking`` (one strand per
    component; ``i`` is the generator sigma_i, ``-i`` its inverse)."""
    matrix = linking_matrix(linking)
    m = len(matrix)
    word = [s for i in range(1, m) for s in (i, -i)]  # every strand crosses: no component is lost
    for i in range(m):
        for j in range(i + 1, m):
            l = int(matrix[i, j])
            up = list(range(j - 1, i, -1))  # s_{j-1} ... s_{i+1} (1-based: strand index + 1)
            clasp = [s + 1 for s in up] + [(i + 1) * (1 if l > 0 else -1)] * 2 + [-(s + 1) for s in reversed(up)]
            word += clasp * abs(l)
    return word


@register_certificate_kind("link-diagram")
@dataclass(frozen=True)
class LinkDiagram:
    """A PD code whose components, taken in the order ``components``, have the linking matrix
    ``linking``."""

    pd_code: tuple[tuple[int, int, int, int], ...]
    components: tuple[int, ...]
    linking: tuple[tuple[int, ...], ...]

    def to_json(self) -> dict:
        return {"pd_code": [list(x) for x in self.pd_code], "components": list(self.components),
                "linking": [list(r) for r in self.linking]}

    @classmethod
    def from_json(cls, data: dict) -> "LinkDiagram":
        return cls(tuple(tuple(int(v) for v in x) for x in data["pd_code"]), tuple(data["components"]),
                   tuple(tuple(int(v) for v in r) for r in data["linking"]))

    def verify(self, row=None) -> bool:
        """Recompute the linking matrix from the PD code with spherogram and compare."""
        import spherogram

        found = np.array(spherogram.Link([tuple(x) for x in self.pd_code]).linking_matrix(), dtype=np.int64)
        order = list(self.components)
        if sorted(order) != list(range(len(found))):
            return False
        return found[np.ix_(order, order)].tolist() == [list(r) for r in self.linking]


def link_diagram(linking) -> LinkDiagram:
    """The clasp diagram of :func:`clasp_braid` as a checked :class:`LinkDiagram`.

    Examples
    --------
    >>> diagram = link_diagram([[0, 2, 0], [2, 0, -1], [0, -1, 0]])
    >>> diagram.verify(), len(diagram.components)
    (True, 3)
    """
    import spherogram

    matrix = linking_matrix(linking)
    if len(matrix) < 2:
        raise ValueError("a link diagram here needs two components or more")
    diagram = spherogram.Link(braid_closure=clasp_braid(matrix))
    found = np.array(diagram.linking_matrix(), dtype=np.int64)
    order = _matching_order(found, matrix)
    certificate = LinkDiagram(tuple(map(tuple, diagram.PD_code())), tuple(order), tuple(map(tuple, matrix.tolist())))
    if not certificate.verify():
        raise AssertionError("the clasp diagram does not have the requested linking matrix")
    return certificate


def _matching_order(found: np.ndarray, target: np.ndarray) -> list[int]:
    """A permutation ``order`` with ``found[order][:, order] == target`` (components of the
    closure are numbered by spherogram, not by strand)."""
    m = len(target)
    if found.shape != target.shape:
        raise AssertionError(f"the closure has {len(found)} components, expected {m}")

    def extend(prefix):
        if len(prefix) == m:
            return prefix
        i = len(prefix)
        for c in range(m):
            if c not in prefix and all(found[c, prefix[j]] == target[i, j] for j in range(i)):
                out = extend(prefix + [c])
                if out:
                    return out
        return None

    order = extend([])
    if order is None:
        raise AssertionError("no numbering of the closure's components gives the linking matrix")
    return order
