"""The ``>>>`` examples in the docstrings of every module of ``cones``, run by doctest."""

import doctest
import importlib
import pkgutil

import pytest

import cones

MODULES = sorted(info.name for info in pkgutil.walk_packages(cones.__path__, "cones.")
                 if not info.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
