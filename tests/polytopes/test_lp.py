"""polytopes.lp: LP searches whose answers are exact, re-checked certificates."""

from fractions import Fraction

import numpy as np
import pytest

from tests.polytopes._cone_examples import elemental_inequalities, entropy_vector, ingleton_instances, mutual_information
from polytopes import (CertificationError, Cone, Multipliers, implied, member, separating_inequality,
                       violating_ray, violating_vector)
from polytopes import lp

GAMMA4 = elemental_inequalities(4)


@pytest.fixture(scope="module")
def gamma4_rays():
    return Cone.from_h(GAMMA4).rays


def _ingleton_12():
    """I(1;2|3) + I(1;2|4) + I(3;4) - I(1;2), parties 1..4 = bits 0..3."""
    return (mutual_information(4, 1, 2, 4) + mutual_information(4, 1, 2, 8)
            + mutual_information(4, 4, 8) - mutual_information(4, 1, 2))


def test_monotonicity_is_implied_with_exact_multipliers():
    target = entropy_vector(4, [(1, 0b0011), (-1, 0b0001)])  # h(12) - h(1) >= 0
    cert = implied(GAMMA4, target)
    assert isinstance(cert, Multipliers) and cert.check()
    assert all(isinstance(v, Fraction) and v > 0 for v in cert.values)
    recombined = sum(v * GAMMA4[i] for i, v in zip(cert.indices, cert.values))
    assert list(recombined) == list(target)
    assert violating_vector(GAMMA4, target) is None


def test_ingleton_is_violated_by_a_gamma4_ray(gamma4_rays):
    ingleton = _ingleton_12()
    assert implied(GAMMA4, ingleton) is None
    x = violating_vector(GAMMA4, ingleton)  # from the H-representation only
    assert (GAMMA4 @ x >= 0).all() and ingleton @ x < 0
    ray = violating_ray(gamma4_rays, ingleton)  # from the V-representation only
    assert ingleton @ ray < 0
    offenders = {tuple(r) for r in gamma4_rays if (ingleton_instances() @ r < 0).any()}
    assert len(offenders) == 6 and tuple(ray) in offenders
    assert tuple(x) in offenders  # the LP vertex is an extreme ray of Gamma4


def test_member_and_separation(gamma4_rays):
    inside = gamma4_rays[:5].sum(axis=0) + gamma4_rays[-1]
    cert = member(gamma4_rays, inside)
    assert cert.check() and list(cert.combination()) == list(inside)
    outside = -gamma4_rays[0]
    assert member(gamma4_rays, outside) is None
    a = separating_inequality(gamma4_rays, outside)
    assert (gamma4_rays @ a >= 0).all() and a @ outside < 0
    assert separating_inequality(gamma4_rays, inside) is None


def test_equations_and_lines():
    # {x : x0 >= 0, x1 = x2}: x0 + x1 - x2 >= 0 is implied with a free multiplier
    cert = implied([[1, 0, 0]], [1, 1, -1], equations=[[0, 1, -1]])
    assert cert.check() and cert.free_values == (Fraction(1),)
    assert implied([[1, 0, 0]], [0, 1, 0], equations=[[0, 1, -1]]) is None
    line_side = violating_vector([[1, 0, 0]], [0, 1, 1], equations=[[0, 1, -1]])
    assert line_side @ np.array([0, 1, 1]) < 0 and line_side[1] == line_side[2]
    assert violating_ray([[1, 0, 0]], [0, 1, 0], lines=[[0, 1, 0]]).tolist() == [0, -1, 0]
    assert member([[1, 0]], [Fraction(1, 2), 7], lines=[[0, 1]]).check()


def test_uncertifiable_float_answers_raise(monkeypatch):
    def garbage(problem):
        for v in problem.variables():
            v.value = np.full(v.shape, 0.37)
        return True

    monkeypatch.setattr(lp, "_solve_lp", garbage)
    with pytest.raises(CertificationError, match="could not certify"):
        implied(GAMMA4, _ingleton_12())


def test_bad_input():
    with pytest.raises(ValueError, match="ragged"):
        implied([[1, 0], [1]], [1, 0])
    with pytest.raises(ValueError, match="length 2"):
        implied([[1, 0, 0]], [1, 0])
    with pytest.raises(ValueError, match="not an exact rational"):
        member([[1, 0]], [0.25, 0])
    with pytest.raises(ValueError, match="empty input"):
        violating_ray([[1, 0]], [])
