from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from cones.expressions import (ExpressionError, Inequality, inequality_from_terms, information_row, parse_expression,
                               parse_inequality)
from cones.space import EntropySpace

PURE3 = EntropySpace(3)


def row(text, space=PURE3):
    return list(parse_inequality(text, space).row)


def test_the_same_inequality_in_every_spelling():
    ssa = row("S(AB) + S(BC) >= S(B) + S(ABC)")
    for text in ["S_AB + S_BC >= S_B + S_ABC", "H(AB) + H(BC) - H(B) - H(ABC) >= 0", "I(A:C|B) >= 0",
                 "S(B) + S(ABC) <= S(A B) + S(BC)", "S_{AB} + S_{BC} >= S_{B} + S_{ABC}",
                 "2*S(AB) + 2 S(BC) >= 2*(S(B) + S(ABC))", "1/2 S(AB) + 0.5*S(BC) >= 1/2 S(B) + S(ABC)/2"]:
        assert row(text) == ssa, text
    assert parse_inequality("I(A:C|B) >= 0", PURE3).terms == {"AB": 1, "BC": 1, "B": -1, "ABC": -1}


def test_multi_letter_arguments_and_the_purifier():
    # I(AB:C|O): with S(XO) = S(complement of X) for n = 3.
    got = parse_inequality("I(AB:C|O) >= 0", PURE3).terms
    assert got == {"C": 1, "AB": 1, "ABC": -1}  # S(ABO)=S(C), S(CO)=S(AB), S(O)=S(ABC), S(ABCO)=0
    assert parse_inequality("S(AO) >= S(A)", PURE3).terms == {"A": -1, "BC": 1}


def test_tripartite_information_is_inclusion_exclusion():
    i3 = parse_expression("I3(A:B:C)", PURE3)
    expected = {"A": 1, "B": 1, "C": 1, "AB": -1, "AC": -1, "BC": -1, "ABC": 1}
    assert dict(zip(PURE3.coordinate_names, i3.tolist())) == expected
    assert list(parse_expression("I(A:B:C)", PURE3)) == list(i3)
    # conditional I3 = I(A:B|D) - I(A:B|CD)
    s4 = EntropySpace(4)
    assert list(parse_expression("I3(A:B:C|D)", s4)) == list(parse_expression("I(A:B|D) - I(A:B|CD)", s4))
    assert information_row(PURE3, [1, 2, 4]) == [int(v) for v in i3]


def test_relations():
    assert row("S(A) <= S(B) + S(AB)") == row("S(B) + S(AB) >= S(A)")
    eq = parse_inequality("S(A) == S(BC)", PURE3)
    assert eq.equation and eq.to_text() == "S(A) == S(BC)"
    assert parse_inequality("-S(A) = -S(BC)", PURE3) == eq  # equations are sign-normalised
    assert parse_inequality("S(A) ≥ 0", PURE3).row == parse_inequality("0 ≤ S(A)", PURE3).row


def test_printing_text_and_latex():
    q = parse_inequality("S(ABC) + S(B) <= S(BC) + S(AB)", PURE3)
    assert q.to_text() == "S(AB) + S(BC) >= S(B) + S(ABC)"
    assert q.to_latex() == r"S_{AB} + S_{BC} \geq S_{B} + S_{ABC}"
    assert parse_inequality("3 S(AB) >= 2 S(A) + 2 S(B)", PURE3).to_text() == "3 S(AB) >= 2 S(A) + 2 S(B)"
    assert parse_inequality("0 >= -S(A)", PURE3).to_text() == "S(A) >= 0"
    assert parse_inequality("0 >= S(A)", PURE3).to_text() == "0 >= S(A)"
    assert isinstance(parse_inequality("S(A) >= 0", PURE3).to_sympy(), sympy.GreaterThan)


@pytest.mark.parametrize(
    "text, words, position",
    [
        ("S(AB + S(B) >= 0", "unbalanced bracket", 1),
        ("S(A)) >= 0", "unbalanced bracket", 4),
        ("(S(A) >= 0", "unbalanced bracket", 0),
        ("S(AX) >= 0", "unknown party label 'X'", 3),
        ("S(A) + S(BD) >= 0", "party D is beyond n=3", 10),
        ("I(A:B|CE) >= 0", "beyond n=3", 7),
        ("S(A) >= 1", "constant term", 0),
        ("S(A) * S(B) >= 0", "linear", 5),
        ("S(A) / S(B) >= 0", "division", 7),
        ("S(A) > 0", "strict", 5),
        ("T(A) >= 0", "unknown name 'T'", 0),
        ("S(A) + S(B)", "expected a relation", 11),
        ("S(A) >= S(A)", "trivial", 0),
        ("I(A:B:C:D) >= 0", "beyond n=3", 8),
        ("I(A) >= 0", "takes 2 or 3 arguments", 0),
        ("I(A:) >= 0", "empty subset", 4),
        ("S(A) $ 0", "unexpected character", 5),
    ],
)
def test_malformed_expressions_point_at_the_problem(text, words, position):
    with pytest.raises(ExpressionError, match=words) as info:
        parse_inequality(text, PURE3)
    assert info.value.position == position
    assert str(info.value).splitlines()[-1] == "  " + " " * position + "^"


def test_purifier_in_a_classical_space():
    with pytest.raises(ValueError, match="purifier O is not a party of a classical space"):
        parse_inequality("S(AO) >= 0", EntropySpace(3, pure=False))


def test_inequality_construction_checks():
    with pytest.raises(ValueError, match="expected 7"):
        Inequality(PURE3, [1, 1, -1])
    with pytest.raises(ValueError, match="non-zero"):
        Inequality(PURE3, [0] * 7)
    assert Inequality(PURE3, [Fraction(1, 2), Fraction(1, 2), 0, -Fraction(1, 2), 0, 0, 0]).row == (1, 1, 0, -1, 0, 0, 0)


def test_evaluate_is_exact():
    q = parse_inequality("S(A) + S(B) >= S(AB)", PURE3)
    assert q.evaluate([Fraction(1, 3), Fraction(1, 3), 0, Fraction(1, 2), 0, 0, 0]) == Fraction(1, 6)
    ghz = [1] * 7
    mmi = parse_inequality("-I3(A:B:C) >= 0", PURE3)
    assert mmi.evaluate(ghz) == -1 and not mmi.holds_for(ghz)
    with pytest.raises(ValueError, match="expected 7"):
        q.evaluate([1, 1])


def test_balance():
    assert parse_inequality("I(A:B) >= 0", PURE3).is_balanced
    assert parse_inequality("-I3(A:B:C) >= 0", PURE3).is_balanced
    assert not parse_inequality("S(A) + S(AB) >= S(B)", PURE3).is_balanced  # Araki-Lieb
    # superbalance: MMI stays balanced under every purification, SA does not (AL is in its orbit)
    assert parse_inequality("-I3(A:B:C) >= 0", PURE3).is_superbalanced
    assert not parse_inequality("I(A:B) >= 0", PURE3).is_superbalanced
    with pytest.raises(ValueError, match="classical"):
        parse_inequality("I(A:B) >= 0", EntropySpace(3, pure=False)).is_superbalanced


def test_orbits_and_fewest_terms():
    sa = parse_inequality("I(A:B) >= 0", PURE3)
    assert len(sa.orbit()) == 6  # I(i:j) over A, B, C, O
    assert len(parse_inequality("I(A:B) >= 0", EntropySpace(3, pure=False)).orbit()) == 3
    assert len(parse_inequality("-I3(A:B:C) >= 0", PURE3).orbit()) == 1
    # The Araki-Lieb form of I(A:O) prints as plain SA, the form with the fewest terms.
    al = parse_inequality("S(A) + S(ABC) >= S(BC)", PURE3)
    assert al.fewest_terms().to_text() == "S(A) + S(B) >= S(AB)"
    # I(A:B|C) (4 terms) cannot be shortened by symmetry.
    ssa = parse_inequality("I(A:B|C) >= 0", PURE3).fewest_terms()
    assert len(ssa.terms) == 4 and ssa in parse_inequality("I(A:B|C) >= 0", PURE3).orbit()


def test_lift_of_an_inequality():
    sa = parse_inequality("I(A:B) >= 0", PURE3)
    assert sa.lift() == parse_inequality("I(A:B) >= 0", EntropySpace(4))
    assert sa.lift("A") == parse_inequality("I(AD:B) >= 0", EntropySpace(4))
    assert len(sa.lifts()) == 10


LABELS = "ABCO"


@st.composite
def expressions(draw):
    """Random rational combinations of S, I and I3 terms in the pure 3-party space."""
    subset = st.sets(st.sampled_from(LABELS), min_size=1, max_size=3).map(lambda s: "".join(sorted(s)))
    terms = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["S", "H", "S_", "I", "Ic", "I3"]))
        a = draw(subset)
        if kind == "S_":
            term = f"S_{a}"
        elif kind in ("S", "H"):
            term = f"{kind}({a})"
        else:
            b = draw(subset)
            term = {"I": f"I({a}:{b})", "Ic": f"I({a}:{b}|{draw(subset)})", "I3": f"I3({a}:{b}:{draw(subset)})"}[kind]
        num, den = draw(st.integers(-5, 5)), draw(st.integers(1, 4))
        terms.append(f"{num}/{den} {term}" if den != 1 else f"{num}*{term}")
    op = draw(st.sampled_from([">=", "<=", "=="]))
    split = draw(st.integers(0, len(terms)))
    lhs = " + ".join(terms[:split]) or "0"
    rhs = " + ".join(terms[split:]) or "0"
    return f"{lhs} {op} {rhs}"


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_parse_print_parse_is_the_identity(text):
    try:
        q = parse_inequality(text, PURE3)
    except ExpressionError as exc:
        assert "trivial" in exc.problem  # the random terms may cancel
        return
    assert parse_inequality(q.to_text(), PURE3) == q
    latex = q.to_latex().replace(r"\geq", ">=").replace(" = ", " == ")
    assert parse_inequality(latex, PURE3) == q


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=7, max_size=7).filter(any), st.booleans())
def test_print_parse_of_any_row(coefficients, equation):
    q = Inequality(PURE3, coefficients, equation=equation)
    assert parse_inequality(q.to_text(), PURE3) == q


def test_inequality_from_terms():
    q = parse_inequality("S(AB) + S(BC) >= S(B) + S(ABC)", PURE3)
    assert inequality_from_terms(PURE3, {"AB": 1, "BC": 1, "B": -1, "O": -1}) == q  # S(O) = S(ABC)
    assert Inequality.parse("I(A:C|B) >= 0", PURE3) == q
