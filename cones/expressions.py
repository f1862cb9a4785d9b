"""Entropy inequalities as expressions: parse, print (text and LaTeX), symmetry.

Syntax (one relation ``lhs OP rhs`` with ``OP`` in ``>=, <=, ==``; also ``≥, ≤, =``):

* ``S(AB)``, ``S_AB``, ``S_{AB}``, ``S(A B)`` — the entropy of a subset; ``H`` is a synonym;
  ``O`` (the purifier) is allowed in a pure space, ``S(AO) = S(BC)`` for n=3;
* ``I(X:Y) = S(X) + S(Y) - S(XY)``, ``I(X:Y|Z) = S(XZ) + S(YZ) - S(Z) - S(XYZ)``;
* ``I3(X:Y:Z) = S(X)+S(Y)+S(Z)-S(XY)-S(XZ)-S(YZ)+S(XYZ)`` (also ``I(X:Y:Z)``, and ``|W``
  conditions every term); MMI is ``-I3(A:B:C) >= 0``;
* exact rational coefficients ``2*S(AB)``, ``1/2 S(A)``, ``0.5 S(A)``, parentheses.

The arithmetic is done by sympy on one symbol per coordinate (``S_AB``); the result is a
linear form whose constant term must vanish.  An :class:`Inequality` stores the primitive
integer coefficient row ``c`` of ``c . S >= 0`` (or ``== 0``).
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import sympy

from polytopes import as_fraction, primitive

from cones.space import EntropySpace, SubsetError

_RELATIONS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", "==": "==", "=": "=="}
_TOKEN = re.compile(
    r"\s*(?:(?P<rel>>=|<=|==|=|≥|≤)|(?P<strict>[<>])|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*(?:_(?:\{[^}]*\}|[A-Za-z]+))?)|(?P<op>[-+*/()]))"
)
_FUNCTIONS = {"S": "S", "H": "S", "I": "I", "I3": "I3"}


class ExpressionError(ValueError):
    """A malformed expression; the message shows the text with a caret under ``position``."""

    def __init__(self, problem: str, text: str, position: int):
        self.problem, self.text, self.position = problem, text, position
        super().__init__(f"{problem} at position {position}:\n  {text}\n  {' ' * position}^")


class _Token:
    __slots__ = ("kind", "text", "pos", "arg", "arg_pos")

    def __init__(self, kind, text, pos, arg=None, arg_pos=None):
        self.kind, self.text, self.pos, self.arg, self.arg_pos = kind, text, pos, arg, arg_pos


def _tokenize(text: str) -> list[_Token]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        start = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
        if not m or m.end() == start:
            raise ExpressionError(f"unexpected character {text[start]!r}", text, start)
        kind = m.lastgroup
        word = m.group(kind)
        if kind == "strict":
            raise ExpressionError("strict inequalities are not supported (use >= or <=)", text, start)
        pos = m.end()
        if kind == "name":
            head, _, sub = word.partition("_")
            if head not in _FUNCTIONS:
                raise ExpressionError(f"unknown name {head!r} (expected S, H, I or I3)", text, start)
            if sub:
                if _FUNCTIONS[head] != "S":
                    raise ExpressionError(f"{head}_... is not supported; write {head}(...)", text, start)
                offset = start + len(head) + 1
                if sub.startswith("{"):
                    sub, offset = sub[1:-1], offset + 1
                tokens.append(_Token("S", word, start, sub, offset))
                continue
            rest = len(text[pos:]) - len(text[pos:].lstrip())
            if not text[pos + rest : pos + rest + 1] == "(":
                raise ExpressionError(f"{head} needs an argument in parentheses, e.g. {head}(AB)", text, pos)
            open_pos = pos + rest
            close = text.find(")", open_pos)
            nested = text.find("(", open_pos + 1)
            if close < 0 or 0 <= nested < close:
                raise ExpressionError("unbalanced bracket: this '(' is not closed", text, open_pos)
            tokens.append(_Token(_FUNCTIONS[head], head, start, text[open_pos + 1 : close], open_pos + 1))
            pos = close + 1
        else:
            tokens.append(_Token(kind if kind != "op" else word, word, start))
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive descent over sympy linear forms: expr := term (+|- term)*; term := factor (*|/|juxtaposition factor)*."""

    def __init__(self, text: str, space: EntropySpace):
        self.text, self.space = text, space
        self.tokens = _tokenize(text)
        self.i = 0

    def error(self, problem: str, pos: int):
        raise ExpressionError(problem, self.text, pos)

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def relation(self):
        lhs = self.expr()
        if self.tok.kind == ")":
            self.error("unbalanced bracket: ')' without '('", self.tok.pos)
        if self.tok.kind != "rel":
            self.error("expected a relation >=, <= or ==" if self.tok.kind == "end" else f"unexpected {self.tok.text!r}", self.tok.pos)
        op = _RELATIONS[self.tok.text]
        self.i += 1
        rhs = self.expr()
        if self.tok.kind != "end":
            self.error(f"unexpected {self.tok.text!r} after the relation", self.tok.pos)
        return lhs, op, rhs

    def expr(self):
        value = self.term()
        while self.tok.kind in ("+", "-"):
            sign = 1 if self.tok.kind == "+" else -1
            self.i += 1
            value = value + sign * self.term()
        return value

    def term(self):
        value = self.factor()
        while self.tok.kind in ("*", "/", "num", "S", "I", "I3", "("):
            op = self.tok
            if op.kind in ("*", "/"):
                self.i += 1
            right_pos = self.tok.pos
            right = self.factor()
            if op.kind == "/":
                if not right.is_Number:
                    self.error("division by an entropy; only numbers may divide", right_pos)
                if right == 0:
                    self.error("division by zero", right_pos)
                value = value / right
            else:
                if not (value.is_Number or right.is_Number):
                    self.error("product of two entropies; the expression must be linear", op.pos)
                value = value * right
        return value

    def factor(self):
        tok = self.tok
        if tok.kind in ("+", "-"):
            self.i += 1
            inner = self.factor()
            return inner if tok.kind == "+" else -inner
        if tok.kind == "num":
            self.i += 1
            return sympy.Rational(Fraction(tok.text).numerator, Fraction(tok.text).denominator)
        if tok.kind == "(":
            self.i += 1
            value = self.expr()
            if self.tok.kind != ")":
                self.error("unbalanced bracket: this '(' is not closed", tok.pos)
            self.i += 1
            return value
        if tok.kind in ("S", "I", "I3"):
            self.i += 1
            return self.entropy_function(tok)
        if tok.kind == ")":
            self.error("unbalanced bracket: ')' without '('", tok.pos)
        if tok.kind == "end":
            self.error("expression ends too early", tok.pos)
        self.error(f"unexpected {tok.text!r}", tok.pos)

    def subset(self, text: str, pos: int) -> int:
        lead = len(text) - len(text.lstrip())
        try:
            return self.space.parse_subset(text)
        except SubsetError as exc:
            at = pos + (exc.position if exc.position is not None else lead)
            self.error(str(exc), at)

    def entropy_function(self, tok: _Token):
        arg, pos = tok.arg, tok.arg_pos
        if tok.kind == "S":
            return _entropy(self.space, self.subset(arg, pos))
        body, bar, cond = arg.partition("|")
        condition = self.subset(cond, pos + len(body) + 1) if bar else 0
        parts, offset = [], pos
        for part in body.split(":"):
            parts.append(self.subset(part, offset))
            offset += len(part) + 1
        wanted = {"I": (2, 3), "I3": (3,)}[tok.kind]
        if len(parts) not in wanted:
            self.error(f"{tok.text} takes {' or '.join(map(str, wanted))} arguments separated by ':', got {len(parts)}", tok.pos)
        return _information(self.space, parts, condition)


def _entropy(space: EntropySpace, mask: int):
    """Sympy symbol of ``S(mask)`` after purification (0 for the empty set / whole system)."""
    index = space.coordinate(mask)
    return sympy.Integer(0) if index is None else _symbols(space)[index]


def _information(space: EntropySpace, parts: list[int], condition: int = 0):
    """Multipartite information ``I_k(X_1:...:X_k | Z)`` as a sympy expression: the row of
    :func:`information_row` on the entropy symbols."""
    symbols = _symbols(space)
    return sympy.Add(*(c * symbols[i] for i, c in enumerate(information_row(space, parts, condition)) if c))


_SYMBOL_CACHE: dict = {}


def _symbols(space: EntropySpace) -> list[sympy.Symbol]:
    key = (space.n, space.pure)
    if key not in _SYMBOL_CACHE:
        _SYMBOL_CACHE[key] = [sympy.Symbol(f"S_{name}") for name in space.coordinate_names]
    return _SYMBOL_CACHE[key]


def parse_expression(text: str, space: EntropySpace) -> np.ndarray:
    """Exact coefficient vector (object array of Fractions) of a linear entropy expression."""
    parser = _Parser(text, space)
    value = parser.expr()
    if parser.tok.kind != "end":
        parser.error(f"unexpected {parser.tok.text!r}", parser.tok.pos)
    return _coefficients(value, space, text)


def _coefficients(value, space: EntropySpace, text: str) -> np.ndarray:
    value = sympy.expand(value)
    constant = value.subs({s: 0 for s in _symbols(space)})
    if constant != 0:
        raise ExpressionError(f"constant term {constant}: entropy inequalities are homogeneous", text, 0)
    return np.array([Fraction(str(value.coeff(s))) for s in _symbols(space)], dtype=object)


def parse_inequality(text: str, space: EntropySpace) -> "Inequality":
    """Parse ``"S(AB) + S(BC) >= S(B) + S(ABC)"`` (or ``<=``, ``==``) into an :class:`Inequality`."""
    if not isinstance(text, str):
        raise TypeError(f"expected the inequality as a string, got {type(text).__name__}")
    parser = _Parser(text, space)
    lhs, op, rhs = parser.relation()
    difference = lhs - rhs if op != "<=" else rhs - lhs
    coefficients = _coefficients(difference, space, text)
    if not any(coefficients):
        raise ExpressionError("the relation is trivial (both sides are equal)", text, 0)
    return Inequality(space, coefficients, equation=(op == "=="))


class Inequality:
    """``coefficients . S >= 0`` (or ``== 0`` with ``equation=True``) in an :class:`EntropySpace`.

    Stored as the primitive integer row; an equation is normalised so that its first non-zero
    coefficient is positive.
    """

    def __init__(self, space: EntropySpace, coefficients, *, equation: bool = False):
        if not isinstance(space, EntropySpace):
            raise TypeError(f"space must be an EntropySpace, got {type(space).__name__}")
        row = primitive(space.check_vector(coefficients))
        if not any(row):
            raise ValueError("an inequality needs a non-zero coefficient")
        if equation and next(v for v in row if v) < 0:
            row = tuple(-v for v in row)
        self.space, self.row, self.equation = space, row, bool(equation)

    @classmethod
    def parse(cls, text: str, space: EntropySpace) -> "Inequality":
        return parse_inequality(text, space)

    @property
    def coefficients(self) -> np.ndarray:
        a = np.array(self.row, dtype=np.int64)
        a.setflags(write=False)
        return a

    def __eq__(self, other):
        return isinstance(other, Inequality) and (self.space, self.row, self.equation) == (other.space, other.row, other.equation)

    def __hash__(self):
        return hash((self.space, self.row, self.equation))

    def __repr__(self):
        return f"Inequality({self.to_text()!r}, {self.space!r})"

    def __str__(self):
        return self.to_text()

    def _repr_latex_(self):
        return f"${self.to_latex()}$"

    @property
    def terms(self) -> dict[str, int]:
        """Non-zero coefficients by coordinate name, in coordinate order."""
        return {name: c for name, c in zip(self.space.coordinate_names, self.row) if c}

    # -- printing -------------------------------------------------------------------------
    def _sides(self, entropy):
        positive = [(c, entropy(name)) for name, c in self.terms.items() if c > 0]
        negative = [(-c, entropy(name)) for name, c in self.terms.items() if c < 0]
        return _join(positive), _join(negative)

    def to_text(self) -> str:
        """Canonical text: positive terms ``>=`` negative terms, coordinate order, e.g. ``S(A) + S(B) >= S(AB)``."""
        lhs, rhs = self._sides(lambda name: f"S({name})")
        return f"{lhs} {'==' if self.equation else '>='} {rhs}"

    def to_latex(self) -> str:
        r"""LaTeX, e.g. ``S_{A} + S_{B} \geq S_{AB}``."""
        lhs, rhs = self._sides(lambda name: f"S_{{{name}}}")
        relation = "=" if self.equation else "\\geq"
        return f"{lhs} {relation} {rhs}"

    def to_sympy(self):
        """The relation as a sympy ``Ge``/``Eq`` over symbols ``S_AB``."""
        form = sum((c * s for c, s in zip(self.row, _symbols(self.space)) if c), sympy.Integer(0))
        return sympy.Eq(form, 0) if self.equation else sympy.Ge(form, 0)

    # -- evaluation and properties -------------------------------------------------------
    def evaluate(self, vector) -> Fraction:
        """Exact value of ``coefficients . vector`` (non-negative iff the vector satisfies it)."""
        values = self.space.check_vector(vector)
        return sum((c * v for c, v in zip(self.row, values) if c), Fraction(0))

    def holds_for(self, vector) -> bool:
        value = self.evaluate(vector)
        return value == 0 if self.equation else value >= 0

    @property
    def is_balanced(self) -> bool:
        """Balanced (Bao et al. 2015): for each of the ``n`` parties the coefficients of the terms
        containing it sum to zero, read on the stored (purified, ``O``-free) form; equivalently no
        single-party entropy survives in the multipartite-information basis.  The ``O``-free form
        makes the condition for ``O`` vacuous; use :attr:`is_superbalanced` for the condition in
        every purification."""
        return _balanced(self.space, np.array([self.row], dtype=np.int64))[0]

    @property
    def is_superbalanced(self) -> bool:
        """Balanced in every purification: every member of the ``S_{n+1}`` orbit is balanced
        (He, Headrick, Hubeny 2020).  Pure spaces only."""
        if not self.space.pure:
            raise ValueError("superbalance refers to purifications; the space is classical")
        return bool(_balanced(self.space, self.space.group.orbit(self.coefficients)).all())

    def orbit(self) -> list["Inequality"]:
        """Distinct images under the space's group, sorted by coefficient row."""
        rows = {self._normal(r) for r in self.space.group.orbit(self.coefficients).tolist()}
        return [Inequality(self.space, r, equation=self.equation) for r in sorted(rows)]

    def _normal(self, row) -> tuple[int, ...]:
        row = tuple(int(v) for v in row)
        if self.equation and next(v for v in row if v) < 0:
            row = tuple(-v for v in row)
        return row

    def fewest_terms(self) -> "Inequality":
        """The orbit member a paper would print: fewest terms, then smallest total coefficient
        weight, then the lowest coordinates (smallest subsets first), positive terms first.
        In a pure space ``S(X) = S(X^c)`` is already applied to the row, so terms are counted
        on the purified coefficient vector."""

        def key(ineq):
            nonzero = [i for i, c in enumerate(ineq.row) if c]
            return (len(nonzero), sum(abs(c) for c in ineq.row), nonzero, [-ineq.row[i] for i in nonzero])

        return min(self.orbit(), key=key)

    def lift(self, split=None) -> "Inequality":
        """The lift to ``n+1`` parties (see :meth:`EntropySpace.lift_inequality`)."""
        return Inequality(self.space.lifted(), self.space.lift_inequality(self.row, split), equation=self.equation)

    def lifts(self) -> list["Inequality"]:
        """All images of the lift under the larger group."""
        big = self.space.lifted()
        rows = {self._normal(r) for r in self.space.lift_orbit(self.row).tolist()}
        return [Inequality(big, r, equation=self.equation) for r in sorted(rows)]


def _balanced(space: EntropySpace, rows: np.ndarray) -> np.ndarray:
    """Row-wise balance: ``sum_{X containing i} c_X == 0`` for every party ``i < n``."""
    membership = ((space.masks[:, None] >> np.arange(space.n)) & 1).astype(np.int64)
    return ~(rows @ membership).any(axis=1)


def _join(terms) -> str:
    if not terms:
        return "0"
    return " + ".join(f"{c} {t}" if c != 1 else t for c, t in terms)


def inequality_from_terms(space: EntropySpace, terms: dict, *, equation: bool = False) -> Inequality:
    """An inequality from ``{subset: coefficient}`` (subsets as in :meth:`EntropySpace.parse_subset`)."""
    coefficients = [Fraction(0)] * space.dim
    for subset, c in terms.items():
        index = space.subset_coordinate(subset)
        if index is not None:
            coefficients[index] += as_fraction(c)
    return Inequality(space, coefficients, equation=equation)


def information_row(space: EntropySpace, parts, given: int = 0) -> list[int]:
    """Integer coefficient row of ``I(X_1:...:X_k | given)`` for subset masks (k = 1 gives ``S(X|given)``),
    purified: ``sum_{T subseteq [k]} (-1)^(|T|+1) S(X_T u given)`` by inclusion-exclusion (k=2 gives
    ``S(XZ) + S(YZ) - S(XYZ) - S(Z)``, k=3 gives I3)."""
    row = [0] * space.dim
    k = len(parts)
    for t in range(1 << k):
        mask = given
        for j in range(k):
            if t >> j & 1:
                mask |= parts[j]
        index = space.coordinate(mask)
        if index is not None:
            row[index] += 1 if bin(t).count("1") % 2 else -1
    return row
