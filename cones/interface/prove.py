"""``cones.prove``: one function that proves or refutes an inequality on any model, with a certificate.

Models and their certificates (each re-checked exactly by ``Verdict.verify``):

* ``shannon`` (Gamma_n, classical): non-negative rational multipliers of Yeung's elemental
  inequalities, or an extreme polymatroid of Gamma_n violating it (ITIP's question);
* ``ssa`` / ``quantum``: the same on the purified SA/SSA/WM cone;
* ``linear-rank``: a common-information proof (Dougherty–Freiling–Zeger) when one is found,
  else the stored linear-rank cone decides (settled for n <= 4);
* ``graph`` / ``hypergraph``: a (set-)contraction map, or a violating model;
* any other family of the catalogue (``stabilizer``, ``quantum-linear-rank``, ``holographic``,
  ...): the cone from the store, multipliers over its proved rows or a realised violating ray.

``given``: equalities that hold (``"I(A:B) = 0"``, or a Markov chain ``"A-B-C"``), as in
PSITIP's ``implies``; they enter the LP as free rows.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Sequence

from cones.core.implication import Verdict, decide
from cones.expressions import Inequality, information_row, parse_inequality
from cones.space import EntropySpace

MODELS = ("shannon", "ssa", "quantum", "linear-rank", "graph", "hypergraph")
_CLASSICAL = {"shannon", "linear-rank"}
_ALIASES = {"quantum": "ssa"}
_FUNCTION_NAME = re.compile(r"(?<![A-Za-z0-9])(?:I3|S|H|I)(?=\s*[(_])")
_MARKOV = re.compile(r"^\s*[A-Z]+(\s*-\s*[A-Z]+){2,}\s*$")


def parties_used(text: str) -> int:
    """The number of parties an expression needs: the position of its highest party label
    (``A`` = 1, ``B`` = 2, ...; the purifier ``O`` is not counted).  ValueError if it names none.

    >>> parties_used("I(A:B|D) >= 0")
    4
    """
    from cones.space import LABELS

    used = [LABELS.index(c) + 1 for c in _FUNCTION_NAME.sub(" ", text) if c in LABELS]
    if not used:
        raise ValueError(f"no party label ({LABELS[0]}..{LABELS[-1]}) in {text!r}; give the number of parties with -n")
    return max(used)


def given_equations(given: Sequence, space: EntropySpace) -> list[Inequality]:
    """Equalities from text: ``"I(A:B) = 0"`` or a Markov chain ``"A-B-C-D"`` (each
    ``I(X_1..X_{i-1} : X_{i+1} | X_i) = 0``).

    >>> [g.to_text() for g in given_equations(["A-B-C"], EntropySpace(3, pure=False))]
    ['S(B) + S(ABC) == S(AB) + S(BC)']
    """
    out = []
    for item in given:
        if isinstance(item, Inequality):
            out.append(item)
        elif isinstance(item, str) and _MARKOV.match(item):
            parts = [space.parse_subset(p.strip()) for p in item.split("-")]
            for i in range(1, len(parts) - 1):
                past = 0
                for p in parts[:i]:
                    past |= p
                out.append(Inequality(space, information_row(space, [past, parts[i + 1]], parts[i]), equation=True))
        elif isinstance(item, str):
            equation = parse_inequality(item, space)
            if not equation.equation:
                raise ValueError(f"a given constraint is an equality (= or ==) or a Markov chain A-B-C, got {item!r}")
            out.append(equation)
        else:
            raise TypeError(f"a given constraint is a string or an Inequality, got {type(item).__name__}")
    return out


def _space(inequality, model: str, n: int | None) -> EntropySpace:
    if isinstance(inequality, Inequality):
        return inequality.space
    if not isinstance(inequality, str):
        raise TypeError(f"an inequality is a string or an Inequality, got {type(inequality).__name__}")
    return EntropySpace(n if n is not None else parties_used(inequality), pure=model not in _CLASSICAL)


def prove(inequality, model: str = "shannon", given: Sequence = (), *, n: int | None = None, store=None) -> Verdict:
    """Prove or refute ``inequality`` on ``model``; the :class:`~cones.core.implication.Verdict`
    carries the certificate (``verdict.verify()`` re-checks it).

    Parameters
    ----------
    inequality : text (``"I(A:B) <= H(A)"``) or an :class:`Inequality` (its space is used).
    model : see the module docstring; ``quantum`` is ``ssa``.
    given : equalities assumed to hold (``"I(A:B) = 0"``, ``"A-B-C"``).
    n : number of parties (default: the highest label used).

    Examples
    --------
    >>> import cones
    >>> cones.prove("I(A:B) <= H(A)").verdict
    'proved'
    >>> cones.prove("2*I(C:D) <= I(A:B) + I(A:CD) + 3*I(C:D|A) + I(C:D|B)").verdict  # Zhang-Yeung
    'invalid'
    """
    if not isinstance(model, str):
        raise TypeError(f"model is a name, got {type(model).__name__}")
    model = _ALIASES.get(model, model)
    space = _space(inequality, model, n)
    if isinstance(inequality, str):
        inequality = parse_inequality(inequality, space)
    if inequality.equation:
        raise ValueError("prove takes an inequality (>= or <=), not an equation")
    given = given_equations(given, space)
    if model in ("graph", "hypergraph"):
        if given:
            raise ValueError(f"--given is not supported with the {model} model (contraction maps take no constraints)")
        return _by_contraction(inequality, model)
    if model == "linear-rank":
        found = None if given else _by_common_information(inequality)
        if found is not None:
            return found
        if space.n > 4 and not _stored(model, space.n, store):
            return Verdict("undecided", inequality, model, None, "",
                           "no common-information proof was found, and LR_n for n > 4 is not in the store "
                           f"(build it with `cones build linear-rank -n {space.n}`, about 15 min at n = 5)")
    return decide(_cone(model, space, store), inequality, given)


def _stored(family: str, n: int, store) -> bool:
    from cones.interface.store import default_store

    return (store or default_store()).entry_path(family, n, {}).exists()


def _cone(model: str, space: EntropySpace, store):
    from cones.core import catalogue
    from cones.core.outer import shannon_cone, ssa_cone
    from cones.interface.store import build

    if model == "shannon":
        cone = shannon_cone(space.n)
    elif model == "ssa":
        cone = ssa_cone(space.n)
    else:
        catalogue.builder(model)  # unknown models fail here, naming the known families
        cone = build(model, space.n, store=store, run={"progress": False} if "progress" in catalogue.run_options(model) else None)
    if cone.space != space:
        kind = "classical" if not cone.space.pure else "pure (purified)"
        raise ValueError(f"the {model} model lives in a {kind} space; the inequality was read in {space!r}")
    return cone


def _by_common_information(inequality: Inequality) -> Verdict | None:
    from cones.linear_rank.common_information import prove_by_common_information

    space = inequality.space
    proof = prove_by_common_information(list(inequality.row), space.n)
    if proof is None:
        return None
    how = "a Shannon inequality" if not proof.extensions else f"{len(proof.extensions)} common information(s)"
    return Verdict("proved", inequality, "linear-rank", proof, "exact", f"proved on linear rank vectors with {how}")


def _by_contraction(inequality: Inequality, model: str) -> Verdict:
    from cones.holographic.contraction import Invalid, Proved

    if model == "graph":
        from cones.holographic.contraction import prove_by_contraction

        result, condition = prove_by_contraction(inequality), "contraction map"
    else:
        from cones.hypergraph.set_contraction import prove_by_set_contraction

        result, condition = prove_by_set_contraction(inequality), "set-contraction map"
    if isinstance(result, Proved):
        return Verdict("proved", inequality, model, result.certificate, "exact", f"a {condition} proves it on all {model} models")
    if isinstance(result, Invalid):
        return Verdict("invalid", inequality, model, realisation(result.model, model), "exact",
                       f"a {model} violates it: c.S = {result.value} < 0")
    return Verdict("undecided", inequality, model, None, "",
                   f"no {condition} exists and no violating {model} was found (this does not show the inequality is invalid)")


def realisation(model, kind: str):
    """The certificate that ``model`` (a graph or hypergraph) realises its own entropy vector."""
    if kind == "hypergraph":
        from cones.hypergraph.realisation import realised_by

        return realised_by(model)
    from polytopes import primitive

    from cones.holographic.realisation import Realised

    vector = [int(v) for v in model.entropy_vector()]
    ray = primitive(vector)
    first = next(i for i, v in enumerate(ray) if v)
    return Realised(model, tuple(int(v) for v in ray), Fraction(vector[first], int(ray[first])))
