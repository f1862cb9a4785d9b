"""Every row-writing verb writes to stdout unless --out; the same format names everywhere; bad store paths."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cones.interface.cli import main
from cones.interface.exports import FORMATS, import_rows
from cones.interface.paper import EXPORT_FORMATS
from cones.space import EntropySpace

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_row_formats_are_accepted_by_facets_rays_and_export():
    assert set(FORMATS) <= set(EXPORT_FORMATS) | {"text"}
    for name in ("latex", "latex-table", "markdown", "csv", "json", "mathematica", "ine", "ext"):
        assert name in FORMATS and name in EXPORT_FORMATS


def test_export_writes_to_stdout_without_out(capsys, tmp_path):
    code, out, _ = run(capsys, "-q", "export", "shannon", "-n", "3", "--format", "latex")
    assert code == 0 and out.startswith("\\documentclass") and "\\end{document}" in out
    code, out, _ = run(capsys, "-q", "export", "shannon", "-n", "3", "--format", "ext", "--kind", "rays")
    assert code == 0 and len(import_rows(out, EntropySpace(3, pure=False), "ext", kind="rays")) == 8
    code, out, _ = run(capsys, "-q", "export", "shannon", "-n", "3", "--format", "mathematica", "--out", str(tmp_path))
    written = Path(out.strip())
    assert code == 0 and written.name == "shannon_n3_facets.m" and written.read_text().startswith("{{")


@pytest.mark.parametrize("verb", ["facets", "rays"])
def test_facets_and_rays_take_out_and_markdown(capsys, tmp_path, verb):
    target = tmp_path / f"{verb}.md"
    code, out, _ = run(capsys, "-q", verb, "ssa", "-n", "3", "--format", "markdown", "--out", str(target))
    assert code == 0 and out.strip() == str(target)
    rows = import_rows(target.read_text(), EntropySpace(3), "markdown", kind=verb)
    code, stdout, _ = run(capsys, "-q", verb, "ssa", "-n", "3", "--format", "markdown")
    assert stdout == target.read_text() and len(rows) > 0


def _cli(env_store, *argv):
    env = dict(os.environ, ENTROPY_CONES_STORE=str(env_store), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cones", "-q", *argv], capture_output=True, text=True, env=env, timeout=120)


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path):
    store = tmp_path / "a-file"
    store.write_text("not a folder")
    done = _cli(store, "build", "ssa", "-n", "3")
    assert done.returncode == 2 and "is not a directory" in done.stderr and "Traceback" not in done.stderr
    assert store.read_text() == "not a folder"


def test_an_unwritable_store_is_a_clear_error(tmp_path, monkeypatch):
    from cones.interface import store as store_module

    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_module, "atomic_write_bytes", refuse)
    store = store_module.Store(tmp_path / "s")
    with pytest.raises(ValueError, match="cannot write to the results store .*Permission denied"):
        store.put("shannon", 3, __import__("cones").shannon_cone(3))
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        done = _cli(locked / "store", "build", "ssa", "-n", "3")
        assert done.returncode == 2 and "cannot write" in done.stderr


def test_a_truncated_entry_is_reported_then_rebuilt(tmp_path):
    import cones
    from cones.interface.store import Store

    store = Store(tmp_path / "s")
    first = cones.build("ssa", 3, store=store)
    (entry,) = store.entries()
    entry.path.write_bytes(entry.path.read_bytes()[:100])
    with pytest.warns(UserWarning, match="is corrupt .*rebuilding"):
        again = cones.build("ssa", 3, store=store)
    assert again.outer == first.outer and [e.problem for e in store.entries()] == [None]
