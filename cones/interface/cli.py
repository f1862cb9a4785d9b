"""The ``cones`` command line (also ``python -m cones``).

Verbs: ``families``, ``build``, ``facets``, ``rays``, ``check``, ``contains``, ``prove``, ``vector``,
``sample``, ``compare``, ``export``, ``store``.  Cones are taken from the results store (:mod:`cones.interface.store`) and built
only when no sound entry exists; builders that accept them get a checkpoint file in the store
(so an interrupted build resumes) and progress bars on stderr (off with ``--quiet``).

Exit codes: 0 success, 1 the answer is no (invalid, not contained, no proof), 2 bad input.

Heavy modules are imported inside the verbs, and the verbs defined in other modules
(``store``, ``compare``, ``export``) are only built when they are the verb being run, so
``cones --help`` starts without sympy, cvxpy or galois.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import time

_FORMATTER = argparse.RawDescriptionHelpFormatter

_EXIT_CODES = "exit codes: 0 success, 1 the answer is no, 2 bad input."

_EXAMPLES = f"""\
examples:
  cones families                                   list the cone families
  cones build shannon -n 4 --show rays             summary of Gamma_4 and its 41 extreme rays
  cones build holographic -n 5                     HEC_5 from first principles (then loaded from the store)
  cones facets holographic-outer -n 4 --format latex --orbits
  cones rays ssa -n 3 --format json                a JSON list of integer rows, nothing else
  cones check ssa -n 3 "S(AB) + S(BC) >= S(B) + S(ABC)"   exit 0 if valid on the cone, 1 if not
  cones contains shannon -n 3 "1,1,1,2,2,2,2"      yes with multipliers over the rays, or the violated facet
  cones prove "-I3(A:B:C) >= 0" --model graph      MMI by a contraction map
  cones prove "I(A:B) <= H(A)" --model shannon     Shannon-type: exact multipliers of elemental inequalities
  cones vector state.json                          entropy vector of a state, and the catalogue inequalities it violates
  cones compare holographic hypergraph -n 4
  cones export holographic -n 5 --format latex > hec5.tex   (or --out paper/ for files)
  cones store list

Rows use the shared coordinate order (cardinality, then lexicographic: A, B, C, AB, AC, BC, ABC);
a facet row a means a . S >= 0.  Results are kept in the store ($ENTROPY_CONES_STORE or the user
cache folder).  {_EXIT_CODES}
"""

_FORMATS = ("text", "json", "csv", "latex", "latex-table", "markdown", "mathematica", "ine", "ext")

# Verbs whose parser lives in another module: (module, function adding the sub-parser, help).
_EXTERNAL_VERBS = {
    "compare": ("cones.interface.compare", "add_compare_subparser", "compare two cone families at the same n"),
    "export": ("cones.interface.paper", "add_export_subparser", "write a facet-orbit table or a JSON database for a paper"),
    "store": ("cones.interface.store", "add_store_subparser", "list, verify or clear the results store"),
}

# The stage name of a sandwich build's checkpoint file in the store.
_CHECKPOINT_STAGE = "sandwich"


# -- parser ------------------------------------------------------------------------------------
def _add_quiet(parser: argparse.ArgumentParser, default=argparse.SUPPRESS) -> None:
    # Sub-parsers use SUPPRESS so that `cones --quiet VERB` is not reset by the verb's default.
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help="no progress bars and no timing lines (results and errors are still printed)")


def _verb(argv: list[str]) -> str | None:
    """The verb of a command line: its first word that is not an option (the top-level options
    take no values)."""
    return next((word for word in argv if not word.startswith("-")), None)


def _parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cones", description="Exact entropy cones: build them, list facets and rays, prove and check "
                                  "inequalities, compare cones, export them for papers.",
        epilog=_EXAMPLES, formatter_class=_FORMATTER)
    _add_quiet(parser, default=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def verb(name, func, help_text, description, examples):
        p = sub.add_parser(name, help=help_text, description=description, formatter_class=_FORMATTER,
                           epilog="examples:\n" + "\n".join(f"  {e}" for e in examples) + f"\n\n{_EXIT_CODES}")
        _add_quiet(p)
        p.set_defaults(func=func)
        return p

    def cone_verb(name, func, help_text, description, examples):
        p = verb(name, func, help_text, description, examples)
        p.add_argument("family", metavar="FAMILY", help="cone family (see `cones families`)")
        p.add_argument("-n", type=int, required=True, metavar="N", help="number of parties (the purifier not counted)")
        return p

    verb("families", _families, "list the cone families", "List the cone families with a one-line description.",
         ["cones families"])
    build = cone_verb(
        "build", _build, "print a summary: facet and ray counts, orbits, status, time per stage",
        "Build a cone family (or load it from the results store) and print its summary: status (defined by "
        "inequalities, settled, or an inner/outer sandwich), facet and extreme-ray counts with their orbits, "
        "and the time of each stage.",
        ["cones build shannon -n 4 --show rays", "cones build holographic -n 5", "cones --quiet build hypergraph -n 4"])
    build.add_argument("--show", choices=("rays", "facets"), help="also print the rays or the facets")
    for name, what, example in (("facets", "facet inequalities", "cones facets holographic -n 4 --orbits"),
                                ("rays", "extreme rays", "cones rays holographic -n 5 --orbits --format json")):
        p = cone_verb(name, _rows, f"print the {what}", f"Print the {what} of a cone family (built or loaded from the store).",
                      [example, f"cones {name} ssa -n 3 --format json", f"cones {name} shannon -n 4 --format csv"])
        p.add_argument("--format", choices=_FORMATS, default="text", help="output format (default text)")
        p.add_argument("--orbits", action="store_true", help="one representative per orbit of the symmetry group")
        p.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    check = cone_verb(
        "check", _check, "is an inequality valid on the cone? (exit 0 yes, 1 no)",
        "Decide an inequality on a cone family: exactly on a settled or defined cone; on a sandwich "
        "'valid' if the proved outer bound implies it, 'not valid' if a realised ray violates it, else "
        "'undecided' (exit 1).",
        ['cones check ssa -n 3 "S(AB) + S(BC) >= S(B) + S(ABC)"', 'cones check holographic -n 4 "-I3(A:B:C) >= 0"'])
    check.add_argument("inequality", help='e.g. "S(AB) + S(BC) >= S(B) + S(ABC)"')
    check.add_argument("--certificate", metavar="FILE", help="write the verdict and its certificate as JSON to FILE")
    _add_prove_verb(verb)
    _add_state_verbs(verb, cone_verb)

    verb_here = _verb(argv)
    for name, (module, adder, help_text) in _EXTERNAL_VERBS.items():
        if name == verb_here:
            _add_quiet(getattr(importlib.import_module(module), adder)(sub))
        else:  # listed in `cones --help`; the real parser is built when the verb is used
            sub.add_parser(name, help=help_text)
    return parser


def _add_prove_verb(verb) -> None:
    prove = verb(
        "prove", _prove, "prove or refute an inequality on a model (shannon, ssa, linear-rank, graph, ...)",
        "Prove an inequality on a model, or refute it, with an exact certificate (written by --certificate, "
        "re-checkable): shannon (Gamma_n: multipliers of elemental inequalities, or a violating extreme "
        "polymatroid), ssa / quantum (the purified SA/SSA/WM cone), linear-rank (a common-information proof), "
        "graph (contraction map, Bao et al. arXiv:1505.07839), hypergraph (set-contraction map, "
        "arXiv:2002.05317), or any cone family (stabilizer, quantum-linear-rank, holographic, ...: multipliers "
        "over its proved facets, or a realised violating ray).  --given adds equalities (independence, Markov "
        "chains A-B-C).  Verdicts: 'proved' (exit 0); 'invalid' with the violating vector or model (exit 1); "
        "'undecided' / 'no contraction map exists' (exit 1; this does not show that the inequality is invalid).  "
        "Without -n the number of parties is the highest party label used (A=1, B=2, ...; O does not count).",
        ['cones prove "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)" --model graph --certificate mmi.json',
         'cones prove "I(A:B) <= H(A)" --model shannon             (Shannon-type: multipliers)',
         'cones prove "I(A:C) <= I(A:B)" --model shannon --given "A-B-C"',
         'cones prove "I(A:B|C) + I(A:B|D) + I(C:D) >= I(A:B)" --model linear-rank',
         'cones prove "-I3(A:B:C) >= 0" --model stabilizer         (invalid: the GHZ vector)',
         'cones prove "S(A) + S(B) >= S(AB) + S(C)"                 (invalid: prints a violating graph)',
         'cones prove "I(A:B|C) >= 0" -n 4 --model hypergraph'])
    prove.add_argument("inequality", help='e.g. "S(AB)+S(BC)+S(AC) >= S(A)+S(B)+S(C)+S(ABC)"')
    prove.add_argument("--model", default="graph", metavar="MODEL",
                       help="shannon, ssa (= quantum), linear-rank, graph, hypergraph, or any cone family of "
                            "`cones families` (stabilizer, quantum-linear-rank, ...); default graph")
    prove.add_argument("--given", action="append", metavar="EQ",
                       help='an equality assumed to hold, e.g. "I(A:B) = 0" or a Markov chain "A-B-C" (repeatable)')
    prove.add_argument("-n", type=int, metavar="N", help="number of parties (default: the highest party label used)")
    prove.add_argument("--certificate", metavar="FILE",
                       help="write the certificate (contraction map, or the violating model) as JSON to FILE")


def _add_state_verbs(verb, cone_verb) -> None:
    """The verbs about entropy vectors: ``contains``, ``vector``, ``sample``."""
    contains = cone_verb(
        "contains", _contains, "is an entropy vector in the cone? (exit 0 yes, 1 no or undecided)",
        "Decide whether a vector lies in a cone family: 'yes' with exact non-negative multipliers over the "
        "extreme rays, 'no' with a violated facet, or (for a sandwich) 'undecided'; the bound that decided is named.",
        ['cones contains shannon -n 3 "1,1,1,2,2,2,2"', 'cones contains holographic -n 3 "A=1,B=1,C=1,AB=1,AC=1,BC=1,ABC=1"',
         'cones contains stabilizer -n 3 "[1, 1, 1, 1, 1, 1, 1]" --format json'])
    contains.add_argument("vector", help='"1,1,1,2,2,2,2", "[1, 1, 1/2]" or "A=1, AB=2" (shared coordinate order)')
    contains.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    vector = verb(
        "vector", _vector, "the entropy vector of a state file, and the catalogue inequalities it violates",
        "Compute the entropy vector of a state (JSON: state/density with dims, distribution, tableau or edges; "
        "or a .npy array) and list the catalogue inequality families (SA, SSA, WM, MMI, Ingleton, ...) it "
        "violates.  Numerical states give floats (von Neumann, or Renyi with --alpha); stabilizer and graph "
        "states are exact.  Exit 0 if nothing is violated, 1 otherwise.",
        ["cones vector ghz.json            (ghz.json: {\"edges\": [[0,1],[0,2],[0,3]], \"parties\": [[0],[1],[2]]})",
         "cones vector psi.npy --dims 2 2 2 --alpha 2"])
    vector.add_argument("file", metavar="FILE", help="a .json state description or a .npy array")
    vector.add_argument("--dims", type=int, nargs="+", metavar="D", help="local dimensions (numerical states)")
    vector.add_argument("--kind", choices=("state", "distribution"), help="what a .npy array holds (default state)")
    vector.add_argument("--alpha", type=float, help="Renyi order (default 1: von Neumann / Shannon)")
    sample = verb(
        "sample", _sample, "Haar-random states: how often each facet orbit of a cone is violated",
        "Draw Haar-random pure states of n+1 qudits (the last is the purifier) and report, for each cone "
        "family, how many samples violate each facet orbit (floating point, tolerance 1e-9).",
        ["cones sample -n 3 --count 200 --families holographic ssa", "cones sample -n 4 --dim 3 --seed 1"])
    sample.add_argument("-n", type=int, required=True, metavar="N", help="number of parties (the purifier not counted)")
    sample.add_argument("--count", type=int, default=100, help="number of random states (default 100)")
    sample.add_argument("--dim", type=int, default=2, help="local dimension (default 2: qubits)")
    sample.add_argument("--seed", type=int, help="random seed")
    sample.add_argument("--families", nargs="+", default=["holographic", "ssa"], metavar="FAMILY",
                        help="cone families whose facets are tested (default holographic ssa)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("entropy-cones")
    except PackageNotFoundError:
        return "unknown"


# -- cones through the store ---------------------------------------------------------------------
def _family_builder(family: str):
    """The registered builder of ``family`` (ValueError naming the known families if unknown)."""
    from cones.core import catalogue

    return catalogue.builder(family)


def _run_options(family: str, n: int, quiet: bool, store) -> dict:
    """Keywords for the builder that do not change its result: a checkpoint file in the store and
    progress bars, each only if the family declares it (:func:`cones.core.catalogue.run_options`).
    They stay out of the store key."""
    from cones.core import catalogue

    accepted = catalogue.run_options(family)
    options = {}
    if "checkpoint" in accepted:
        options["checkpoint"] = str(store.checkpoint_path(family, n, _CHECKPOINT_STAGE))
    if "progress" in accepted:
        options["progress"] = not quiet
    return options


def _cone(family: str, n: int, quiet: bool):
    """``(cone, loaded, seconds)``: the stored cone, or a fresh build that is then stored."""
    from cones.space import EntropySpace
    from cones.interface.store import Store, build_in_store

    EntropySpace(n)  # a clear error for a bad n before anything is written
    store = Store()
    built = []

    def builder():
        built.append(True)
        return build_in_store(family, n, store, run=_run_options(family, n, quiet, store))

    start = time.perf_counter()
    cone = store.load_or_build(family, n, builder, {})
    return cone, not built, time.perf_counter() - start


def _warm_store(families: list[str], n: int, quiet: bool) -> None:
    """Build the families that have no store entry yet, with this command's progress setting and
    checkpoints; the verb (compare, export) then loads them from the store."""
    from cones.space import EntropySpace
    from cones.interface.store import Store

    EntropySpace(n)
    store = Store()
    for family in families:
        _family_builder(family)  # unknown families fail here, with the list of known ones
        if not store.entry_path(family, n, {}).exists():
            _cone(family, n, quiet)


# -- verbs ---------------------------------------------------------------------------------------
def _families(args) -> int:
    from cones.core import catalogue

    for name, description in catalogue.families().items():
        print(f"{name:20} {description}")
    return 0


def _build(args) -> int:
    from cones.interface.exports import export_cone

    start = time.perf_counter()
    cone, loaded, seconds = _cone(args.family, args.n, args.quiet)
    cone.facets, cone.rays  # compute both representations before reporting the time
    summary = cone.summary().splitlines()
    if args.quiet:
        summary = [line for line in summary if not line.startswith("time ")]
    print("\n".join(summary))
    if not args.quiet:
        if loaded:
            print(f"store        loaded in {seconds:.3f} s (stage times above are those of the original build)")
        else:
            print(f"store        built in {seconds:.3f} s and stored")
        print(f"time taken   {time.perf_counter() - start:.3f} s")
    if args.show:
        print()
        print(export_cone(cone, "text", kind=args.show), end="")
    return 0


def _rows(args) -> int:
    from cones.interface.exports import export_cone

    cone, _, _ = _cone(args.family, args.n, args.quiet)
    text = export_cone(cone, args.format, kind=args.command, orbits=args.orbits)
    if args.out:
        _write_text_file(args.out, text)
        print(args.out)
    else:
        print(text, end="")
    return 0


def _check(args) -> int:
    cone, _, _ = _cone(args.family, args.n, args.quiet)
    result = cone.check(args.inequality)
    text = result.inequality.to_text()
    if result.verdict == "undecided":
        print(f"undecided: {result.reason}", file=sys.stderr)
    elif cone.is_exact:
        word = "valid" if result.verdict == "proved" else "not valid"
        print(f"{word} on the {cone.family} cone (n={args.n}): {text}")
    elif result.verdict == "proved":
        print(f"valid: implied by the proved outer bound of {cone.family} (n={args.n})")
    else:
        print(f"not valid: violated by a realised ray of {cone.family} (n={args.n})")
    if args.certificate and result.certificate is not None:
        _write_certificate(args.certificate, result.to_json())
    return 0 if result.verdict == "proved" else 1


def _contains(args) -> int:
    from cones.interface.vector_input import parse_vector

    cone, _, _ = _cone(args.family, args.n, args.quiet)
    found = cone.contains(parse_vector(args.vector, cone.space))
    if args.format == "json":
        print(json.dumps(found.to_json()))
    else:
        print(found.describe())
    return 0 if found.answer == "yes" else 1


def parties_used(text: str) -> int:
    """See :func:`cones.interface.prove.parties_used`."""
    from cones.interface.prove import parties_used as used

    return used(text)


def _vector(args) -> int:
    import numpy as np

    from cones.interface.entropy_vectors import entropy_vector, violations
    from cones.interface.vector_files import read_state_file
    from cones.space import EntropySpace

    options = read_state_file(args.file, dims=args.dims, kind=args.kind)
    if args.alpha is not None:
        options["alpha"] = args.alpha
    x = entropy_vector(**options)
    space = EntropySpace(len(x).bit_length(), pure="distribution" not in options)
    exact = np.issubdtype(x.dtype, np.integer)
    print(f"n={space.n} ({'pure' if space.pure else 'classical'}; {'exact' if exact else 'floating point, bits'})")
    print("entropy vector: " + ", ".join(f"S({name})={v if exact else f'{v:.6g}'}" for name, v in zip(space.coordinate_names, x.tolist())))
    found = violations(x, space, tolerance=0 if exact else 1e-9)
    for violation in found:
        print(f"violates {violation.describe()}")
    if not found:
        print("violates none of the catalogue families")
    return 1 if found else 0


def _sample(args) -> int:
    import numpy as np

    from cones.interface.vector_files import random_vectors

    x = random_vectors(args.n, args.count, args.dim, args.seed)
    print(f"{args.count} Haar-random pure states of {args.n + 1} qudits of dimension {args.dim} (n={args.n})")
    any_violated = False
    for family in args.families:
        cone, _, _ = _cone(family, args.n, args.quiet)
        for orbit, rep in zip(cone.facet_orbits, cone.inequalities(orbits=True)):
            rows = cone.space.group.orbit(orbit.representative).astype(float)
            bad = int(np.sum(np.any(x @ rows.T < -1e-9, axis=1)))
            any_violated |= bad > 0
            print(f"{family:18} {rep.to_text():60} violated by {bad} of {args.count}")
    return 1 if any_violated else 0


def _prove(args) -> int:
    from cones.interface.prove import prove

    result = prove(args.inequality, model=args.model, given=args.given or (), n=args.n)
    space, text = result.inequality.space, result.inequality.to_text()
    if args.model in ("graph", "hypergraph"):
        _print_contraction_verdict(result, args.model)
    else:
        print(f"{result.verdict}: {text} on the {args.model} model (n={space.n}): {result.reason}")
        _print_certificate(result)
    code = 0 if result.verdict == "proved" else 1
    if args.certificate:
        if result.certificate is None:
            print(f"cones: no certificate to write to {args.certificate}", file=sys.stderr)
        else:
            _write_certificate(args.certificate, result.to_json())
            print(f"certificate written to {args.certificate}")
    return code


def _print_certificate(result) -> None:
    from cones.core.implication import Counterexample, Implication

    c, space = result.certificate, result.inequality.space
    if isinstance(c, Implication):
        print(f"certificate: {len(c.rows)} rows with non-negative multipliers, re-checked exactly:")
        for line in c.describe(space):
            print(f"  {line}")
    elif isinstance(c, Counterexample):
        print("violating vector: " + ", ".join(f"S({name})={v}" for name, v in zip(space.coordinate_names, c.vector)))
        print(f"value: {c.value} < 0" + (f"; realised by {c.realisation!r}" if c.realisation is not None else ""))
    elif c is not None:
        print(f"certificate: {type(c).__name__}, re-checked exactly"
              + (f"\n  {c.describe()}" if hasattr(c, "describe") else ""))


def _print_contraction_verdict(result, model: str) -> None:
    space, text = result.inequality.space, result.inequality.to_text()
    condition = "contraction map" if model == "graph" else "set-contraction map"
    if result.verdict == "proved":
        c = result.certificate
        print(f"proved: {text} holds on all {model} models (n={space.n})")
        print(f"certificate: {condition} {{0,1}}^{len(c.lhs)} -> {{0,1}}^{len(c.rhs)}, re-checked exactly")
    elif result.verdict == "invalid":
        realisation = result.certificate
        model_object = getattr(realisation, "graph", None) or getattr(realisation, "hypergraph", None) or realisation
        vector = model_object.entropy_vector()
        print(f"invalid: {text} fails on a {model} (n={space.n}): {result.reason.split(': ', 1)[1]}")
        print("entropy vector: " + ", ".join(f"S({name})={v}" for name, v in zip(space.coordinate_names, vector)))
        print(f"model: {model_object!r}")
    else:
        print("no contraction map exists (this does not show the inequality is invalid)")
        print(f"  searched: {condition}s for {text} on {model} models (n={space.n}); no violating {model} was found either")


def _write_certificate(path: str, data: dict) -> None:
    _write_text_file(path, json.dumps(data, indent=1) + "\n", "the certificate")


def _write_text_file(path: str, text: str, what: str = "the output") -> None:
    from pathlib import Path

    from cones.interface.store import atomic_write_bytes

    try:
        atomic_write_bytes(Path(path), text.encode())
    except OSError as exc:
        raise ValueError(f"cannot write {what} to {path}: {exc.strerror or exc}") from None


# -- entry point ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cones`` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(argv).parse_args(argv)
    try:
        if args.command == "compare":
            _warm_store([args.family_a, args.family_b], args.n, args.quiet)
        elif args.command == "export":
            _warm_store([args.family], args.n, args.quiet)
        return args.func(args)
    except (ValueError, TypeError) as exc:
        print(f"cones: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`cones rays ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
