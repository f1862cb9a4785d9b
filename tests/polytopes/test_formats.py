"""polytopes.formats: cdd .ine/.ext text and JSON rows, round trips and bad input."""

import io

import numpy as np
import pytest

from tests.polytopes._cone_examples import elemental_inequalities
from polytopes import Cone, read_ext, read_ine, read_json_rows, write_ext, write_ine, write_json_rows


def test_ine_round_trip_with_linearity(tmp_path):
    path = tmp_path / "cone.ine"
    write_ine(path, [[1, 0, 0], [0, 1, -1]], [[1, 1, 1]], name="test cone")
    text = path.read_text()
    assert "H-representation" in text and "linearity 1 3" in text and " 3 4 integer" in text
    ineqs, eqs = read_ine(path)
    assert ineqs.tolist() == [[1, 0, 0], [0, 1, -1]] and eqs.tolist() == [[1, 1, 1]]


def test_gamma4_through_files(tmp_path):
    gamma = Cone.from_h(elemental_inequalities(4))
    write_ext(tmp_path / "g4.ext", gamma.rays, gamma.lines)
    write_ine(tmp_path / "g4.ine", gamma.inequalities, gamma.equations)
    (ineqs, eqs), (rays, lines) = read_ine(tmp_path / "g4.ine"), read_ext(tmp_path / "g4.ext")
    again = Cone.from_hv(ineqs, rays, eqs, lines)
    assert again == gamma and np.array_equal(again.rays, gamma.rays)
    write_json_rows(tmp_path / "rays.json", gamma.rays)
    assert np.array_equal(read_json_rows(tmp_path / "rays.json"), gamma.rays)


def test_reads_rational_cdd_and_skips_origin_vertex():
    text = """* rays of a quadrant, with a line, written by hand
V-representation
linearity 1 3
begin
 3 4 rational
 1 0 0 0
 0 1/2 1/3 0
 0 0 0 -2
end
"""
    rays, lines = read_ext(io.StringIO(text))
    assert rays.tolist() == [[3, 2, 0]] and lines.tolist() == [[0, 0, -1]]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty input"),
        ("H-representation\nbegin\n 1 3 integer\n 0 1\nend\n", "row 1 has 2 entries, expected 3"),
        ("H-representation\nbegin\n 1 3 integer\n 0 1 1/2\nend\n", "non-integer entry"),
        ("H-representation\nbegin\n 1 3 real\n 0 1 0.5\nend\n", "not exact"),
        ("H-representation\nbegin\n 2 3 integer\n 0 1 1\nend\n", "announces 2 rows, found 1"),
        ("H-representation\nbegin\n 1 3 integer\n 1 1 1\nend\n", "a cone needs 0"),
        ("V-representation\nbegin\n 1 3 integer\n 0 1 1\nend\n", "expected an H-representation"),
        ("H-representation\nlinearity 1 4\nbegin\n 1 3 integer\n 0 1 1\nend\n", "outside 1..1"),
        ("H-representation\n 1 3 integer\n 0 1 1\n", "missing 'begin' or 'end'"),
    ],
)
def test_bad_ine(text, message):
    with pytest.raises(ValueError, match=message):
        read_ine(io.StringIO(text))


@pytest.mark.parametrize(
    "text, message",
    [
        ("[]", "empty input"),
        ("[[1, 2], [3]]", "ragged"),
        ("[[1, 2.5]]", "non-integer"),
        ("[[1, true]]", "non-integer"),
        ("{\"a\": 1}", "list of lists"),
        ("[[1, 2", "not JSON"),
    ],
)
def test_bad_json(text, message):
    with pytest.raises(ValueError, match=message):
        read_json_rows(io.StringIO(text))


def test_json_width_and_writers_check_input():
    with pytest.raises(ValueError, match="length 2, expected 3"):
        read_json_rows(io.StringIO("[[1, 2]]"), width=3)
    assert read_json_rows(io.StringIO("[]"), width=3).shape == (0, 3)
    with pytest.raises(ValueError, match="row 0: entry 0.5"):
        write_json_rows(io.StringIO(), [[1, 0.5]])
    with pytest.raises(ValueError, match="empty input"):
        write_ine(io.StringIO(), [])
    with pytest.raises(ValueError, match="ragged"):
        write_ext(io.StringIO(), [[1, 0], [1]])
