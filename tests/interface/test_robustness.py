"""Input robustness (hypothesis, bounded): parsers and readers either answer or raise a clear
ValueError, never anything else; two processes writing one store lose nothing."""

import json
from fractions import Fraction
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from polytopes import primitive

from cones.core.implication import check_certificate_json
from cones.expressions import Inequality, parse_inequality
from cones.interface.cli import main
from cones.interface.exports import FORMATS, import_rows
from cones.interface.store import Store
from cones.interface.vector_input import parse_vector
from cones.space import EntropySpace

ROOT = Path(__file__).resolve().parents[2]
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPACE = EntropySpace(3)
ALPHABET = st.sampled_from(list("SHI3()ABCDO:|+-*/=<>≥≤ 0123456789_{},.[]^\\"))
EXPRESSIONS = st.text(ALPHABET, max_size=40)
JSONS = st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=12)


@BOUNDED
@given(EXPRESSIONS)
def test_expression_parser_answers_or_names_the_problem(text):
    try:
        result = parse_inequality(text, SPACE)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(result, Inequality) and len(result.row) == SPACE.dim


_TERMS = {"S(A)": {"A": 1}, "S(BC)": {"BC": 1}, "I(A:B)": {"A": 1, "B": 1, "AB": -1},
          "I(A:B|C)": {"AC": 1, "BC": 1, "ABC": -1, "C": -1}, "S(AO)": {"BC": 1}}  # S(AO) = S(BC) by purity
_WEIGHTS = {"": Fraction(1), "2*": Fraction(2), "-": Fraction(-1), "1/2*": Fraction(1, 2)}


@BOUNDED
@given(st.lists(st.tuples(st.sampled_from(list(_WEIGHTS)), st.sampled_from(list(_TERMS))), min_size=1, max_size=5),
       st.sampled_from([">=", "<="]))
def test_well_formed_expressions_parse_to_their_coefficients(terms, relation):
    text = " + ".join(c + t for c, t in terms) + f" {relation} 0"
    expected = dict.fromkeys(SPACE.coordinate_names, Fraction(0))
    for weight, term in terms:
        for name, c in _TERMS[term].items():
            expected[name] += _WEIGHTS[weight] * c * (1 if relation == ">=" else -1)
    row = [expected[name] for name in SPACE.coordinate_names]
    if not any(row):
        with pytest.raises(ValueError, match="trivial|non-zero"):
            parse_inequality(text, SPACE)
        return
    assert parse_inequality(text, SPACE).row == primitive(row)


@BOUNDED
@given(st.text(st.sampled_from(list("0123456789-/.,; []\"ABCO=S()x")), max_size=40))
def test_vector_reader_answers_or_names_the_problem(text):
    try:
        vector = parse_vector(text, SPACE)
    except ValueError as exc:
        assert str(exc)
    else:
        assert len(vector) == SPACE.dim


@BOUNDED
@given(st.sampled_from(FORMATS), st.sampled_from(["facets", "rays"]), st.text(max_size=60))
@example("csv", "facets", "\r0")  # a bare carriage return once escaped as csv.Error
def test_row_readers_answer_or_name_the_problem(fmt, kind, text):
    if (fmt, kind) in (("ine", "rays"), ("ext", "facets")):
        return
    try:
        rows = import_rows(text, SPACE, fmt, kind=kind)
    except ValueError as exc:
        assert str(exc)
    else:
        assert rows.shape[1] == SPACE.dim


@BOUNDED
@given(JSONS)
def test_certificate_reader_answers_or_names_the_problem(data):
    record = {"coefficients": [1, 1, -1], "verdict": "proved", "certificate": data}
    try:
        assert check_certificate_json(record) in (True, False)
    except ValueError as exc:
        assert str(exc)


@BOUNDED
@given(st.sampled_from(["implication", "counterexample"]), JSONS)
def test_certificate_data_of_known_kinds_is_checked_not_trusted(kind, data):
    record = {"coefficients": [0, -1, 1], "verdict": "proved" if kind == "implication" else "invalid",
              "certificate": {"kind": kind, "module": "cones.core.implication", "data": data}}
    try:
        assert check_certificate_json(record) is False
    except ValueError as exc:
        assert str(exc)


def test_certificate_files_through_the_cli(capsys, tmp_path):
    path = tmp_path / "c.json"
    assert main(["prove", "I(A:B) <= H(A)", "--model", "shannon", "--certificate", str(path)]) == 0
    record = json.loads(path.read_text())
    assert check_certificate_json(record)
    record["certificate"]["data"]["multipliers"] = ["-1"]
    assert not check_certificate_json(record)


def test_two_processes_building_one_cone_into_one_store(tmp_path):
    root = tmp_path / "store"
    env = dict(os.environ, ENTROPY_CONES_STORE=str(root), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "cones", "-q", "build", "holographic", "-n", "3"]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("settled" in out for out, _ in outs)
    store = Store(root)
    (entry,) = store.entries()
    assert entry.problem is None and not list(root.rglob("*.tmp"))
    assert all(not problems for _, problems in store.verify())


def test_kill_9_during_a_cli_build_then_resume(tmp_path):
    import signal
    import time

    root = tmp_path / "store"
    env = dict(os.environ, ENTROPY_CONES_STORE=str(root), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "cones", "-q", "build", "hypergraph", "-n", "4"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    checkpoint = None
    while proc.poll() is None and checkpoint is None:
        found = [f for f in root.glob("partial/hypergraph/*/*.json") if f.stat().st_size > 0]
        checkpoint = found[0] if found else None
        time.sleep(0.01)
    if checkpoint is None:
        pytest.skip("the build finished before its first checkpoint was seen")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(root)
    assert store.entries() == [] and checkpoint.exists()  # nothing half-written; finished work kept
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "settled" in done.stdout, done.stderr
    (entry,) = store.entries()
    assert entry.problem is None and not checkpoint.parent.exists()
    assert all(not problems for _, problems in store.verify())
