import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cones.interface.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_the_summary_and_the_rays(capsys):
    code, out, _ = run(capsys, "build", "shannon", "-n", "4", "--show", "rays")
    assert code == 0
    assert "28 in 4 orbits" in out and "41 in 11 orbits" in out and "defined by inequalities" in out
    assert "time taken" in out
    rays = [line for line in out.split("\n\n", 1)[1].splitlines() if not line.startswith("#")]
    assert len(rays) == 41 and all(len(line.split()) == 15 for line in rays)


def test_json_output_is_only_the_rows(capsys):
    code, out, _ = run(capsys, "rays", "ssa", "-n", "3", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 8 and [1, 1, 1, 2, 2, 2, 1] in rows
    code, out, _ = run(capsys, "facets", "ssa", "-n", "3", "--format", "json", "--orbits")
    assert code == 0 and len(json.loads(out)) == 2


def test_facets_in_text_and_latex(capsys):
    _, out, _ = run(capsys, "facets", "holographic-outer", "-n", "3", "--orbits")
    assert sorted(out.splitlines()) == ["S(A) + S(B) >= S(AB)  # orbit size 6",
                                        "S(AB) + S(AC) + S(BC) >= S(A) + S(B) + S(C) + S(ABC)  # orbit size 1"]
    _, out, _ = run(capsys, "facets", "ssa", "-n", "3", "--format", "latex")
    assert out.startswith("\\begin{align}") and out.count("\\geq") == 12


def test_check_answers_with_exit_codes(capsys):
    code, out, _ = run(capsys, "check", "ssa", "-n", "3", "I(A:B|C) >= 0")
    assert code == 0 and out.startswith("valid")
    code, out, _ = run(capsys, "check", "ssa", "-n", "3", "-I3(A:B:C) >= 0")
    assert code == 1 and out.startswith("not valid")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["build", "nonsense", "-n", "3"], "unknown cone family 'nonsense'; known families:"),
        (["build", "ssa", "-n", "0"], "between 1 and"),
        (["check", "ssa", "-n", "3", "S(AB >= 0"], "unbalanced bracket"),
        (["check", "shannon", "-n", "3", "S(AO) >= 0"], "purifier O is not a party of a classical space"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and words in err


def test_argparse_errors_and_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "ssa"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0 and "cones build shannon -n 4 --show rays" in capsys.readouterr().out


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "cones", "rays", "ssa", "-n", "3", "--format", "json"],
                          capture_output=True, text=True, check=True)
    assert len(json.loads(done.stdout)) == 8


def test_families_lists_the_outer_cones(capsys):
    code, out, _ = run(capsys, "families")
    assert code == 0 and {"shannon", "subadditivity", "ssa", "holographic-outer"} <= {line.split()[0] for line in out.splitlines()}


def test_format_that_does_not_fit_the_rows_exits_2(capsys):
    code, _, err = run(capsys, "rays", "ssa", "-n", "3", "--format", "ine")
    assert code == 2 and "cdd .ine files hold inequalities" in err


# -- the results store ---------------------------------------------------------------------------
from cones.core import catalogue  # noqa: E402
from cones.core.certificate_kinds import certificate_from_json  # noqa: E402
from cones.interface.cli import parties_used  # noqa: E402
from cones.interface.store import Store  # noqa: E402


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """A fresh results store for one test."""
    root = tmp_path / "store"
    monkeypatch.setenv("ENTROPY_CONES_STORE", str(root))
    return root


@pytest.fixture
def build_calls(monkeypatch):
    """Records the keywords of every catalogue build but the store's ``prerequisite`` hook (the
    builds still run)."""
    calls, original = [], catalogue.build

    def spy(name, n, *, prerequisite=None, **options):
        calls.append((name, n, dict(options)))
        return original(name, n, prerequisite=prerequisite, **options)

    monkeypatch.setattr(catalogue, "build", spy)
    return calls


def test_second_build_loads_from_the_store(capsys, store_dir, build_calls, monkeypatch):
    code, out, err = run(capsys, "build", "holographic", "-n", "3")
    assert code == 0 and "settled" in out and "7 in 2 orbits" in out and "built in" in out
    (name, n, options), = build_calls
    checkpoint = options.pop("checkpoint")
    assert (name, n, options) == ("holographic", 3, {"progress": True})
    assert checkpoint.startswith(str(store_dir / "partial" / "holographic"))
    entry, = Store(store_dir).entries()
    assert (entry.family, entry.n, entry.options, entry.problem) == ("holographic", 3, {}, None)
    assert not Store(store_dir).partial_builds()  # the checkpoint went with the finished entry

    def no_build(*args, **kwargs):
        raise AssertionError("the second build must load from the store")

    monkeypatch.setattr(catalogue, "build", no_build)
    code, again, _ = run(capsys, "build", "holographic", "-n", "3")
    assert code == 0 and "loaded in" in again and "7 in 2 orbits" in again
    code, out, _ = run(capsys, "facets", "holographic", "-n", "3", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 7


def test_builders_get_only_the_keywords_they_accept(capsys, store_dir, build_calls):
    assert run(capsys, "--quiet", "build", "shannon", "-n", "3")[0] == 0
    assert run(capsys, "build", "holographic", "-n", "3", "--quiet")[0] == 0
    assert build_calls[0] == ("shannon", 3, {})
    assert build_calls[1][2]["progress"] is False


def test_quiet_drops_progress_bars_and_timing_lines(capsys, store_dir):
    code, out, err = run(capsys, "build", "hypergraph", "-n", "3")
    assert code == 0 and "proving" in err and "time taken" in out
    run(capsys, "store", "clear")
    code, out, err = run(capsys, "--quiet", "build", "hypergraph", "-n", "3")
    assert code == 0 and err == "" and "8 in 3 orbits" in out
    assert not any(line.startswith("time") or "store  " in line for line in out.splitlines())


# -- prove ---------------------------------------------------------------------------------------
MMI = "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)"


def test_prove_mmi_on_graphs_writes_a_certificate_that_verifies(capsys, tmp_path):
    path = tmp_path / "mmi.json"
    code, out, _ = run(capsys, "prove", MMI, "--model", "graph", "--certificate", str(path))
    assert code == 0 and out.startswith("proved: ") and "graph models (n=3)" in out
    data = json.loads(path.read_text())
    assert data["verdict"] == "proved" and data["coefficients"] == [-1, -1, -1, 1, 1, 1, -1]
    certificate = certificate_from_json(data["certificate"])
    assert certificate.verify(data["coefficients"])
    assert not certificate.verify([1, 1, -1, 0, 0, 0, 0])  # not a certificate of SA


def test_prove_invalid_prints_the_violating_model(capsys, tmp_path):
    path = tmp_path / "bad.json"
    code, out, _ = run(capsys, "prove", "S(A)+S(B) >= S(AB)+S(C)", "--certificate", str(path))
    assert code == 1 and out.startswith("invalid: ") and "entropy vector: S(A)=" in out and "model: Graph(" in out
    data = json.loads(path.read_text())
    realisation = certificate_from_json(data["certificate"])
    assert data["verdict"] == "invalid" and realisation.verify()
    assert sum(c * v for c, v in zip(data["coefficients"], realisation.ray)) < 0


def test_prove_without_a_map_does_not_claim_invalidity(capsys, monkeypatch, tmp_path):
    from cones.holographic import contraction

    monkeypatch.setattr(contraction, "find_violating_graph", lambda *args, **kwargs: None)
    path = tmp_path / "none.json"
    code, out, err = run(capsys, "prove", "S(A)+S(B) >= S(AB)+S(C)", "--certificate", str(path))
    assert code == 1 and out.startswith("no contraction map exists (this does not show the inequality is invalid)")
    assert not path.exists() and "no certificate" in err


def test_prove_on_hypergraphs(capsys, tmp_path):
    code, out, _ = run(capsys, "prove", MMI, "--model", "hypergraph")
    assert code == 1 and out.startswith("invalid: ") and "ABCO" in out  # the GHZ hyperedge
    path = tmp_path / "ssa.json"
    code, out, _ = run(capsys, "prove", "I(A:B|C) >= 0", "-n", "4", "--model", "hypergraph", "--certificate", str(path))
    assert code == 0 and "hypergraph models (n=4)" in out
    data = json.loads(path.read_text())
    assert data["n"] == 4 and certificate_from_json(data["certificate"]).verify(data["coefficients"])


def test_parties_are_counted_from_the_highest_label():
    assert parties_used(MMI) == 3
    assert parties_used("I(A:B|D) >= 0") == 4
    assert parties_used("S_{AE} + H(B) >= S(O)") == 5
    assert parties_used("S(H) + I(H:I) >= 0") == 9  # H and I are both functions and labels
    with pytest.raises(ValueError, match="no party label"):
        parties_used("S(O) >= 0")


# -- compare, export, store ----------------------------------------------------------------------
def test_compare_exit_codes(capsys, store_dir):
    code, out, _ = run(capsys, "compare", "holographic-outer", "ssa", "-n", "3")
    assert code == 0 and "holographic-outer(3) ⊊ ssa(3)" in out
    code, out, _ = run(capsys, "compare", "ssa", "holographic-outer", "-n", "3", "--format", "markdown")
    assert code == 1 and "ssa(3)" in out
    code, out, _ = run(capsys, "--quiet", "compare", "holographic", "holographic-outer", "-n", "3")
    assert code == 0 and "holographic(3) = holographic-outer(3)" in out


def test_export_writes_files(capsys, store_dir, tmp_path):
    code, out, _ = run(capsys, "export", "ssa", "-n", "3", "--format", "csv", "--out", str(tmp_path / "csv"))
    written = [line for line in out.splitlines() if line]
    assert code == 0 and written and all(tmp_path.joinpath("csv") in Path(p).parents for p in written)
    assert all(Path(p).read_text() for p in written)
    code, out, _ = run(capsys, "export", "holographic", "-n", "3", "--format", "json", "--out", str(tmp_path / "db"))
    assert code == 0 and any(Path(p).name == "facets.json" for p in out.split())
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out, err = run(capsys, "export", "ssa", "-n", "3", "--format", "csv", "--out", str(blocker / "sub"))
    assert code == 2 and out == "" and err.startswith("cones: error:")


def test_store_list_verify_clear(capsys, store_dir):
    run(capsys, "build", "ssa", "-n", "3")
    run(capsys, "--quiet", "build", "holographic", "-n", "3")
    code, out, _ = run(capsys, "store", "list")
    assert code == 0 and "(2 entries)" in out and "holographic  n=3" in out
    code, out, _ = run(capsys, "store", "verify")
    assert code == 0 and "2 of 2 entries verified" in out
    code, out, _ = run(capsys, "store", "clear")
    assert code == 0 and Store(store_dir).entries() == []


@pytest.mark.parametrize(
    "argv, words",
    [
        (["prove", "S(AB >= 0"], "unbalanced bracket"),
        (["prove", "S(A) == S(BC)"], "not an equation"),
        (["prove", "S(O) >= 0"], "no party label"),
        (["prove", "S(A) >= S(E)", "-n", "3"], "party E is beyond n=3"),
        (["prove", "S(A) >= 0", "-n", "0"], "between 1 and"),
        (["compare", "ssa", "nonsense", "-n", "3"], "unknown cone family 'nonsense'"),
        (["export", "nonsense", "-n", "3", "--format", "csv", "--out", "x"], "unknown cone family 'nonsense'"),
        (["rays", "holographic", "-n", "0"], "between 1 and"),
    ],
)
def test_more_bad_input_exits_2(capsys, store_dir, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and words in err


@pytest.mark.parametrize("verb", ["families", "build", "facets", "rays", "check", "prove", "contains", "vector", "sample", "compare", "export", "store"])
def test_every_verb_has_help_with_examples(capsys, verb):
    with pytest.raises(SystemExit) as info:
        main([verb, "--help"])
    assert info.value.code == 0 and "examples:" in capsys.readouterr().out


# -- end to end ----------------------------------------------------------------------------------
def test_json_output_of_a_built_cone_is_pure_json(tmp_path):
    env = {**os.environ, "ENTROPY_CONES_STORE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "cones", "facets", "holographic", "-n", "3", "--format", "json"],
                          capture_output=True, text=True, env=env, check=True)
    assert len(json.loads(done.stdout)) == 7


def test_help_and_import_stay_light():
    script = ("import sys, contextlib, io\n"
              "import cones\n"
              "from cones.interface.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    try: main(['--help'])\n"
              "    except SystemExit: pass\n"
              "print(sorted(m for m in ('sympy', 'cvxpy', 'galois', 'scipy', 'numpy') if m in sys.modules))\n"
              "import cones.interface.compare\n"
              "print(callable(cones.interface.compare))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "True"]  # the function, not the submodule of the same name


def test_every_public_name_resolves():
    import cones

    assert set(cones.__all__) <= set(dir(cones))
    missing = [name for name in cones.__all__ if getattr(cones, name, None) is None]
    assert missing == []
    assert cones.core.catalogue.build is catalogue.build  # submodules stay reachable as attributes
    with pytest.raises(AttributeError):
        cones.no_such_name


def test_a_killed_build_resumes_from_its_checkpoint(tmp_path):
    import signal
    import time

    env = {**os.environ, "ENTROPY_CONES_STORE": str(tmp_path)}
    command = [sys.executable, "-m", "cones", "build", "hypergraph", "-n", "4"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoints = tmp_path / "partial" / "hypergraph"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        logs = list(checkpoints.glob("*/sandwich.json"))
        if logs and len(logs[0].read_text().splitlines()) >= 4:  # header + a few finished proofs
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    store = Store(tmp_path)
    assert child.returncode == -signal.SIGKILL and store.entries() == [] and store.partial_builds()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "70 in 3 orbits" in done.stdout and "46 in 7 orbits" in done.stdout
    assert [e.problem for e in store.entries()] == [None] and not store.partial_builds()
