"""The layering of DESIGN.md, checked on the import statements of every module: polytopes never
imports cones; nothing below the interface imports the interface (store, CLI) or argparse."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BELOW_INTERFACE = ["cones/core", "cones/holographic", "cones/hypergraph", "cones/stabilizer", "cones/linear_rank", "cones/tensor_networks",
                   "cones/space.py", "cones/expressions.py"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _modules(*parts: str) -> list[Path]:
    out = []
    for part in parts:
        path = ROOT / part
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


@pytest.mark.parametrize("path", _modules("polytopes"), ids=lambda p: str(p.relative_to(ROOT)))
def test_polytopes_never_imports_cones(path):
    assert not {name for name in _imports(path) if name.split(".")[0] == "cones"}


@pytest.mark.parametrize("path", _modules(*BELOW_INTERFACE), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_below_the_interface_imports_it(path):
    bad = {name for name in _imports(path) if name == "argparse" or name.startswith("cones.interface")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_a_required_cone_is_handed_over_from_the_store(tmp_path):
    from cones.interface.store import Store, cached_build

    store = Store(tmp_path)
    qlr = cached_build("quantum-linear-rank", 4, store=store)
    assert len(qlr.facet_orbits) > 0
    assert sorted(entry.family for entry in store.entries()) == ["linear-rank", "quantum-linear-rank"]
