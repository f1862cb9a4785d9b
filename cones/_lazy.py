"""Lazy public names for a package (PEP 562), shared by ``cones`` and its family packages.

``install(package, exports)`` gives the package a module-level ``__getattr__`` that imports
``package.<module>`` only when one of its names is first used, so ``import cones`` (and
``cones --help``) does not pay for sympy, cvxpy or galois.  ``exports`` maps a submodule
(relative to the package, dotted for deeper ones) to the names it exports.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


def install(package: str, exports: dict[str, list[str]]) -> None:
    """Make the names in ``exports`` lazy attributes of ``package`` and set its ``__all__``."""
    module = sys.modules[package]
    source = {name: sub for sub, names in exports.items() for name in names}

    def __getattr__(name: str):
        sub = source.get(name)
        if sub is None:
            if name.startswith("_") or importlib.util.find_spec(f"{package}.{name}") is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            return importlib.import_module(f"{package}.{name}")  # a submodule, e.g. cones.core
        value = getattr(importlib.import_module(f"{package}.{sub}"), name)
        setattr(module, name, value)  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(source))

    module.__getattr__ = __getattr__
    module.__dir__ = __dir__
    module.__all__ = sorted(source)
    module._LAZY_SOURCE = source
    module.__class__ = _Package


class _Package(ModuleType):
    """Keeps a function named like its submodule (``cones.interface.compare``) bound to the function: the
    import system binds the submodule on the package when it is first imported."""

    def __setattr__(self, name, value):
        source = self.__dict__.get("_LAZY_SOURCE", {})
        if isinstance(value, ModuleType) and name in source and value.__name__ == f"{self.__name__}.{source[name]}":
            value = getattr(value, name)
        super().__setattr__(name, value)
