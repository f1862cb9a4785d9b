"""The README's verb examples run and exit as marked; its Python block runs."""

import re
import shlex
from pathlib import Path

import pytest

from cones.interface.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
_VERBS = README.split("## Verbs", 1)[1]
COMMANDS = [line for line in re.search(r"```sh\n(.*?)```", _VERBS, re.S).group(1).splitlines() if line.strip()]
PYTHON = re.search(r"```python\n(.*?)```", _VERBS, re.S).group(1)


def test_every_verb_has_an_example():
    verbs = {shlex.split(line.split("  #")[0])[1] for line in COMMANDS}
    assert verbs == {"families", "build", "facets", "rays", "check", "contains", "prove", "vector", "sample",
                     "compare", "export", "store"}


@pytest.mark.parametrize("line", COMMANDS, ids=[shlex.split(c.split("  #")[0])[1] for c in COMMANDS])
def test_readme_command(line, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    command, _, comment = line.partition("  #")
    argv = shlex.split(command)
    assert argv[0] == "cones"
    code = main(["-q", *argv[1:]])
    out = capsys.readouterr()
    assert code == (1 if "(exit 1)" in comment else 0), out.err
    assert out.out.strip() and "Traceback" not in out.err


def test_readme_python_block():
    exec(compile(PYTHON, "README.md", "exec"), {})
