"""`cones vector FILE` and `cones sample`, and cones.violations."""

import json

import numpy as np

import cones
from cones.interface.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_violations_of_the_ghz_vector_are_mmi_only():
    found = cones.violations([1] * 7, cones.EntropySpace(3), tolerance=0)
    assert [v.family for v in found] == ["mmi"] and found[0].value == -1


def test_vector_of_a_graph_state_file_lists_mmi(capsys, tmp_path):
    path = tmp_path / "ghz.json"
    path.write_text(json.dumps({"edges": [[0, 1], [0, 2], [0, 3]], "parties": [[0], [1], [2]]}))
    code, out, _ = run(capsys, "vector", str(path))
    assert code == 1 and "S(A)=1, S(B)=1" in out and "violates mmi" in out and "exact" in out


def test_vector_of_numerical_files(capsys, tmp_path):
    path = tmp_path / "bell.json"
    path.write_text(json.dumps({"state": [0.5 ** 0.5, 0, 0, "0.7071067811865476j"], "dims": [2, 2]}))
    code, out, _ = run(capsys, "vector", str(path))
    assert code == 0 and "S(A)=1, S(B)=1, S(AB)=0" in out and "floating point" in out
    npy = tmp_path / "psi.npy"
    np.save(npy, np.eye(8)[0])
    code, out, _ = run(capsys, "vector", str(npy), "--dims", "2", "2", "2")
    assert code == 0 and "S(ABC)=0" in out
    dist = tmp_path / "p.npy"
    np.save(dist, np.full((2, 2), 0.25))
    code, out, _ = run(capsys, "vector", str(dist), "--kind", "distribution")
    assert code == 0 and "classical" in out and "S(AB)=2" in out


def test_vector_bad_files_exit_2(capsys, tmp_path):
    cases = {"x.json": "{not json", "y.json": '{"state": [1, 0]}', "z.json": '{"edges": [[0, 1]], "colour": 1}',
             "w.json": '{"state": [true, 0], "dims": [2]}'}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        code, _, err = run(capsys, "vector", str(tmp_path / name))
        assert code == 2 and err.startswith("cones: error:") and "Traceback" not in err
    code, _, err = run(capsys, "vector", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_sample_reports_each_facet_orbit(capsys):
    code, out, _ = run(capsys, "-q", "sample", "-n", "2", "--count", "20", "--seed", "0", "--families", "ssa")
    lines = [line for line in out.splitlines() if line.startswith("ssa")]
    assert lines and all("of 20" in line for line in lines) and code == 0
