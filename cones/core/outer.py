"""Cones defined by families of inequalities: the Shannon cone and the quantum/holographic outer cones.

* ``shannon_cone(n)``: Gamma_n, Yeung's elemental inequalities on ``n`` classical variables;
* ``subadditivity_cone(n)``: all instances ``I(X:Y) >= 0`` on the ``n+1`` purified parties;
* ``ssa_cone(n)``: all ``I(i:j|K) >= 0`` on the ``n+1`` purified parties (SSA and, through
  purification, WM and SA): the standard quantum outer bound;
* ``holographic_outer_cone(n)``: all instances of SA and MMI on the ``n+1`` purified parties.

Each returns an :class:`EntropyCone` whose ``outer`` is the exact cone (with the space's
symmetry group attached) and whose status is "defined by inequalities".
"""

from __future__ import annotations

import time
from typing import Iterable

from polytopes.cone import Cone

from cones.core import inequality_families as families
from cones.core.bounds import EntropyCone
from cones.expressions import Inequality
from cones.space import EntropySpace


def cone_from_inequalities(family: str, space: EntropySpace, inequalities: Iterable[Inequality], definition: str) -> EntropyCone:
    """The :class:`EntropyCone` defined by some inequalities of ``space``."""
    start = time.perf_counter()
    rows = families.rows_of(inequalities, space.dim)
    cone = Cone.from_h(rows, dim=space.dim, group=space.group)
    return EntropyCone(family, space, outer=cone, definition=definition,
                       timings={"inequalities": time.perf_counter() - start})


def shannon_cone(n: int) -> EntropyCone:
    """Gamma_n: the elemental Shannon inequalities on ``n`` classical variables (symmetry S_n).

    Examples
    --------
    >>> gamma3 = shannon_cone(3)
    >>> gamma3.status, len(gamma3.facets), len(gamma3.rays)
    ('defined by inequalities', 9, 8)
    """
    space = EntropySpace(n, pure=False)
    return cone_from_inequalities("shannon", space, families.elemental_shannon(space),
                                  "elemental Shannon inequalities S(N) >= S(N-i), I(i:j|K) >= 0")


def subadditivity_cone(n: int) -> EntropyCone:
    """The SA cone: ``I(X:Y) >= 0`` for disjoint non-empty ``X, Y`` of the ``n+1`` purified parties."""
    space = EntropySpace(n, pure=True)
    return cone_from_inequalities("subadditivity", space, families.sa(space),
                                  "all instances of SA I(X:Y) >= 0 on the purified parties")


def ssa_cone(n: int) -> EntropyCone:
    """The quantum outer bound: ``I(i:j|K) >= 0`` on the ``n+1`` purified parties (symmetry S_{n+1})."""
    space = EntropySpace(n, pure=True)
    return cone_from_inequalities("ssa", space, families.ssa(space, elemental=True),
                                  "I(i:j|K) >= 0 on the purified parties (SSA, WM, SA, AL)")


def holographic_outer_cone(n: int) -> EntropyCone:
    """SA and MMI: ``I(X:Y) >= 0`` and ``-I3(X:Y:Z) >= 0`` for disjoint non-empty subsets of the purified parties."""
    space = EntropySpace(n, pure=True)
    inequalities = [*families.sa(space), *families.mmi(space)]
    return cone_from_inequalities("holographic-outer", space, inequalities,
                                  "all instances of SA and MMI on the purified parties")
