"""What the realisers of every model share: the certificate that a model (a graph, a
hypergraph, ...) realises a ray, the answer when none was found, and the checked input ray.

A realisation is the DESIGN.md certificate "ray realised": the model whose exactly recomputed
entropy vector is ``scale * ray``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

import numpy as np

from polytopes import primitive

from cones.space import EntropySpace


class ModelRealisation:
    """Mixin for a frozen dataclass ``(model, ray, scale)`` whose first field, named
    :attr:`MODEL` (``"graph"``, ``"hypergraph"``), holds a model with ``entropy_vector()``,
    ``to_json()`` and ``from_json()``; the entropy vector of the model is ``scale * ray``."""

    MODEL: ClassVar[str]
    MODEL_TYPE: ClassVar[type]

    @property
    def model(self):
        return getattr(self, self.MODEL)

    def to_json(self) -> dict:
        return {self.MODEL: self.model.to_json(), "ray": list(self.ray), "scale": str(self.scale)}

    @classmethod
    def from_json(cls, data: dict):
        return cls(cls.MODEL_TYPE.from_json(data[cls.MODEL]), tuple(int(v) for v in data["ray"]), Fraction(data["scale"]))

    @classmethod
    def of(cls, model):
        """The certificate of the ray of ``model`` (its primitive entropy vector)."""
        s = model.entropy_vector()
        ray = primitive(s)
        if not any(ray):
            raise ValueError(f"the {cls.MODEL} has the zero entropy vector")
        first = next(i for i, v in enumerate(ray) if v)
        return cls(model, ray, Fraction(s[first]) / ray[first])

    def verify(self, ray=None) -> bool:
        """Recompute the entropy vector exactly: is it ``scale * ray`` (and proportional to ``ray`` if given)?"""
        s = list(self.model.entropy_vector())
        if self.scale <= 0 or s != [self.scale * v for v in self.ray]:
            return False
        return ray is None or primitive(list(ray)) == primitive(self.ray)


@dataclass(frozen=True)
class NotFound:
    """No model was found (not a proof of non-realisability); ``reason`` says what was tried."""

    ray: tuple[int, ...]
    max_bulk: int | None
    reason: str = ""
    conclusive: bool = False  # the pattern LP was infeasible: no model exists (floating-point verdict)

    def __str__(self):
        return self.reason or f"not found up to {self.max_bulk} bulk vertices"


def checked_ray(ray, space: EntropySpace | None = None) -> tuple[EntropySpace, tuple[int, ...]]:
    """The space (inferred from the length when not given) and the primitive integer ray;
    ValueError for a wrong length, the zero vector or a negative entropy."""
    values = list(np.asarray(ray, dtype=object).ravel())
    if space is None:
        space = EntropySpace.of_vector(values, "ray")
    if len(values) != space.dim:
        raise ValueError(f"ray has {len(values)} entries, the {space.n}-party space has {space.dim}")
    r = primitive(values)
    if not any(r):
        raise ValueError("the zero vector is not a ray")
    if min(r) < 0:
        raise ValueError(f"ray {r} has negative entropies")
    return space, r
