"""Results store: computed cones and their certificates, kept between sessions.

Location: the ``root`` argument, else the environment variable ``ENTROPY_CONES_STORE``, else
``platformdirs.user_cache_dir("entropy-cones")``.  Layout::

    ROOT/entries/FAMILY/n{N}-{KEY}.json      one finished entry
    ROOT/partial/FAMILY/n{N}-{KEY}/STAGE.json checkpoints of an unfinished build
                                             (:class:`polytopes.checkpoint.Checkpoint` logs)

``KEY`` is the sha256 of the canonical JSON of the inputs ``{family, n, options}``.  Every file
is ``{"manifest": {...}, "payload": ...}``; the manifest records the format, the package
version, the inputs and the sha256 of the canonical JSON of the payload.  Files are written
atomically (temporary file in the same directory, ``fsync``, ``os.replace``, ``fsync`` of the
directory), so a killed process leaves either the old state or the new one, plus at most a
``*.tmp`` file that is ignored and swept.  A file whose manifest does not match (another
package version, other inputs) or whose checksum fails is reported and rebuilt, never used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import numbers
import os
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

import platformdirs

from cones.core.certificate_kinds import certificate_from_json, verify_certificate

ENV_VAR = "ENTROPY_CONES_STORE"
FORMAT = 1
_TMP_SUFFIX = ".tmp"


def package_version() -> str:
    """The installed version of the ``entropy-cones`` distribution (``"unknown"`` if absent)."""
    try:
        return version("entropy-cones")
    except PackageNotFoundError:
        return "unknown"


def _canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def _sha256(obj: Any) -> str:
    return hashlib.sha256(_canonical_json(obj)).hexdigest()


def _check_name(what: str, value: str) -> str:
    if not isinstance(value, str) or not value or not all(c.isalnum() or c in "-_." for c in value) or value[0] == ".":
        raise ValueError(f"{what} must be a non-empty name of letters, digits, '-', '_' or '.', got {value!r}")
    return value


def _check_inputs(family: str, n: int, options: dict | None) -> dict:
    _check_name("family", family)
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    n = int(n)
    options = {} if options is None else options
    if not isinstance(options, dict):
        raise TypeError(f"options must be a dict, got {type(options).__name__}")
    try:
        _canonical_json(options)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"options must be JSON-serialisable: {exc}") from None
    return {"family": family, "n": n, "options": options}


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same directory, fsync, replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; results and exports are meant to be shared
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write(handle, data: bytes) -> None:
    handle.write(data)


@dataclass(frozen=True)
class EntryInfo:
    """One file of the store as ``list`` sees it; ``problem`` is None for a sound entry."""

    path: Path
    family: str | None
    n: int | None
    options: dict | None
    version: str | None
    size: int
    problem: str | None


@dataclass(frozen=True)
class Codec:
    """How a built object becomes JSON and back."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


def _entropy_cone_codec() -> Codec:
    from cones.core.serialization import entropy_cone_from_json, entropy_cone_to_json

    return Codec(entropy_cone_to_json, entropy_cone_from_json)


class Store:
    """A results store rooted at ``root`` (see the module docstring for the default)."""

    def __init__(self, root: str | os.PathLike | None = None):
        if root is None:
            root = os.environ.get(ENV_VAR) or platformdirs.user_cache_dir("entropy-cones")
        self.root = Path(root).expanduser()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # -- paths ------------------------------------------------------------------------------
    def _key(self, inputs: dict) -> str:
        return f"n{inputs['n']}-{_sha256(inputs)[:16]}"

    def entry_path(self, family: str, n: int, options: dict | None = None) -> Path:
        """Where the finished entry for these inputs lives."""
        inputs = _check_inputs(family, n, options)
        return self.root / "entries" / family / f"{self._key(inputs)}.json"

    def partial_dir(self, family: str, n: int, options: dict | None = None) -> Path:
        """Directory holding the checkpoints of an unfinished build of these inputs."""
        inputs = _check_inputs(family, n, options)
        return self.root / "partial" / family / self._key(inputs)

    def checkpoint_path(self, family: str, n: int, stage: str, options: dict | None = None) -> Path:
        """File of checkpoint ``stage`` (directory created), for a
        :class:`polytopes.checkpoint.Checkpoint`; dropped when the entry is stored."""
        _check_name("stage", stage)
        path = self.partial_dir(family, n, options) / f"{stage}.json"
        self._writable(lambda: path.parent.mkdir(parents=True, exist_ok=True))
        return path

    def _check_root(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise ValueError(f"the results store {self.root} is not a directory (set ${ENV_VAR} to a folder)")

    def _writable(self, action):
        """Run a write ``action``; a store root that is a file or cannot be written is a
        ValueError naming it (and the environment variable), not an OSError."""
        self._check_root()
        try:
            return action()
        except OSError as exc:
            raise ValueError(f"cannot write to the results store {self.root}: {exc.strerror or exc} "
                             f"(set ${ENV_VAR} to a writable folder)") from None

    # -- files with manifests ---------------------------------------------------------------
    def _write_record(self, path: Path, inputs: dict, payload: Any) -> None:
        manifest = {"format": FORMAT, "version": package_version(), "inputs": inputs, "sha256": _sha256(payload)}
        self._writable(lambda: atomic_write_bytes(path, _canonical_json({"manifest": manifest, "payload": payload})))

    def _read_record(self, path: Path, inputs: dict | None) -> tuple[Any, dict | None, str | None]:
        """``(payload, manifest, problem)``; payload is None whenever problem is set."""
        try:
            record = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None, None, "missing"
        except (OSError, ValueError) as exc:
            return None, None, f"corrupt (unreadable JSON: {exc})"
        if not isinstance(record, dict) or set(record) != {"manifest", "payload"}:
            return None, None, "corrupt (not a store record)"
        manifest, payload = record["manifest"], record["payload"]
        if not isinstance(manifest, dict) or not {"format", "version", "inputs", "sha256"} <= set(manifest):
            return None, None, "corrupt (incomplete manifest)"
        if manifest["sha256"] != _sha256(payload):
            return None, manifest, "corrupt (checksum mismatch)"
        if manifest["format"] != FORMAT:
            return None, manifest, f"stale (store format {manifest['format']}, expected {FORMAT})"
        if manifest["version"] != package_version():
            return None, manifest, f"stale (written by version {manifest['version']}, running {package_version()})"
        if inputs is not None and manifest["inputs"] != inputs:
            return None, manifest, "stale (inputs differ from the requested ones)"
        return payload, manifest, None

    # -- entries ----------------------------------------------------------------------------
    def get(self, family: str, n: int, options: dict | None = None, *, codec: Codec | None = None) -> Any:
        """The stored result for these inputs, or None if absent, stale or corrupt."""
        inputs = _check_inputs(family, n, options)
        self._check_root()
        path = self.entry_path(family, n, options)
        payload, _, problem = self._read_record(path, inputs)
        if problem is not None:
            if problem != "missing":
                warnings.warn(f"results store: entry {path} is {problem}; rebuilding", stacklevel=2)
            return None
        try:
            return (codec or _entropy_cone_codec()).decode(payload)
        except (ValueError, TypeError, KeyError) as exc:
            warnings.warn(f"results store: entry {path} cannot be read back ({exc}); rebuilding", stacklevel=2)
            return None

    def put(self, family: str, n: int, result: Any, options: dict | None = None, *, codec: Codec | None = None) -> Path:
        """Store ``result`` atomically and drop the checkpoints of its build."""
        inputs = _check_inputs(family, n, options)
        payload = (codec or _entropy_cone_codec()).encode(result)
        path = self.entry_path(family, n, options)
        self._write_record(path, inputs, payload)
        shutil.rmtree(self.partial_dir(family, n, options), ignore_errors=True)
        return path

    def load_or_build(
        self,
        family: str,
        n: int,
        builder: Callable[[], Any],
        options: dict | None = None,
        *,
        codec: Codec | None = None,
    ) -> Any:
        """The stored result if a sound entry exists, else ``builder()``, stored then returned.

        A stale or corrupt entry is ignored and overwritten.  The builder may keep a checkpoint
        at :meth:`checkpoint_path` (same family, n, options) to survive interruption.
        """
        codec = codec or _entropy_cone_codec()
        found = self.get(family, n, options, codec=codec)
        if found is not None:
            return found
        result = builder()
        try:
            self.put(family, n, result, options, codec=codec)
        except TypeError as exc:  # e.g. a certificate class nobody registered: keep the result
            warnings.warn(f"results store: {family} n={n} was built but not stored: {exc}", stacklevel=2)
        return result

    # -- management -------------------------------------------------------------------------
    def _files(self, area: str) -> list[Path]:
        base = self.root / area
        return sorted(p for p in base.rglob("*.json")) if base.is_dir() else []

    def entries(self) -> list[EntryInfo]:
        """Every finished entry with its inputs and, if unsound, what is wrong."""
        out = []
        for path in self._files("entries"):
            _, manifest, problem = self._read_record(path, None)
            inputs = (manifest or {}).get("inputs") or {}
            out.append(
                EntryInfo(
                    path=path,
                    family=inputs.get("family"),
                    n=inputs.get("n"),
                    options=inputs.get("options"),
                    version=(manifest or {}).get("version"),
                    size=path.stat().st_size,
                    problem=problem,
                )
            )
        return out

    def partial_builds(self) -> dict[Path, list[str]]:
        """Unfinished builds: checkpoint directory -> names of the stages saved so far."""
        found: dict[Path, list[str]] = {}
        for path in self._files("partial"):
            found.setdefault(path.parent, []).append(path.stem)
        return found

    def verify(self) -> list[tuple[Path, list[str]]]:
        """Re-check every entry: manifest, checksum, that it reads back (for a settled cone this
        re-checks exactly that its facets and rays agree), and every certificate against its row.

        Returns ``[(path, problems)]``, one item per entry; an empty problem list means sound.
        """
        codec = _entropy_cone_codec()
        report = []
        for info in self.entries():
            problems = [info.problem] if info.problem else []
            if not problems:
                payload, _, _ = self._read_record(info.path, None)
                try:
                    codec.decode(payload)
                except (ValueError, TypeError, KeyError) as exc:
                    problems.append(f"does not read back as a cone: {exc}")
                problems += _certificate_problems(payload)
            report.append((info.path, problems))
        return report

    def clear(self, family: str | None = None) -> int:
        """Delete entries and checkpoints (of one family, or all); returns the number of files removed."""
        if family is not None:
            _check_name("family", family)
        removed = 0
        for area in ("entries", "partial"):
            base = self.root / area
            targets = [base / family] if family is not None else ([base] if base.is_dir() else [])
            for target in targets:
                if target.is_dir():
                    removed += sum(1 for p in target.rglob("*") if p.is_file())
                    shutil.rmtree(target)
        return removed

    def sweep_temporaries(self) -> int:
        """Remove ``*.tmp`` files left by killed writers; returns how many."""
        temporaries = list(self.root.rglob(f"*{_TMP_SUFFIX}")) if self.root.is_dir() else []
        for tmp in temporaries:
            tmp.unlink(missing_ok=True)
        return len(temporaries)


def _certificate_problems(payload: Any) -> list[str]:
    """Problems with the certificates inside an entropy-cone payload (empty if all verify)."""
    problems = []
    if not isinstance(payload, dict):
        return problems
    for section in ("facet_certificates", "ray_certificates"):
        for row, record in payload.get(section, []):
            try:
                certificate = certificate_from_json(record)
            except (ValueError, TypeError, KeyError) as exc:
                problems.append(f"{section} {row}: cannot be read ({exc})")
                continue
            if not verify_certificate(certificate, row):
                problems.append(f"{section} {row}: {record['kind']} certificate does not verify")
    return problems


# -- module-level conveniences on the default store ------------------------------------------
def default_store() -> Store:
    """The store at ``$ENTROPY_CONES_STORE`` or the user cache folder (resolved at each call)."""
    return Store()


def load_or_build(family: str, n: int, builder: Callable[[], Any], options: dict | None = None, **kwargs) -> Any:
    """:meth:`Store.load_or_build` on the default store."""
    return default_store().load_or_build(family, n, builder, options, **kwargs)


def checkpoint_path(family: str, n: int, stage: str, options: dict | None = None) -> Path:
    """:meth:`Store.checkpoint_path` on the default store."""
    return default_store().checkpoint_path(family, n, stage, options)


def build(family: str, n: int, *, store: Store | None = None, run: dict | None = None, **options) -> Any:
    """The cone ``family`` at ``n`` parties (``cones.build``): loaded from the results store, or
    derived from first principles by :func:`cones.core.catalogue.build` and stored.

    Parameters
    ----------
    family, n : a name of :func:`cones.core.catalogue.families` and the number of parties.
    store : the store (default: ``$ENTROPY_CONES_STORE`` or the user cache folder).
    run : keywords that change how the build runs but not its result (``checkpoint``,
        ``progress``, ``executor``); passed to the builder, kept out of the store key.
    options : the family's own options; part of the store key.

    Returns
    -------
    :class:`cones.core.bounds.EntropyCone`

    Examples
    --------
    >>> import cones
    >>> hec3 = cones.build("holographic", 3, run={"progress": False})
    >>> hec3.status, len(hec3.facet_orbits)
    ('settled', 2)
    """
    store = store or default_store()
    return store.load_or_build(family, n, lambda: build_in_store(family, n, store, run=run, **options), options)


cached_build = build  # its earlier name


def build_in_store(family: str, n: int, store: Store, *, run: dict | None = None, **options) -> Any:
    """A fresh ``catalogue.build``, with the cones the family requires (LR_n for QLR_n, say)
    loaded from ``store`` or built into it."""
    from cones.core import catalogue

    def prerequisite(required: str, m: int):
        return build(required, m, store=store)

    return catalogue.build(family, n, prerequisite=prerequisite, **(run or {}), **options)


# -- command line: ``cones store list|verify|clear`` -----------------------------------------
def add_store_subparser(subparsers) -> argparse.ArgumentParser:
    """Add the ``store`` verb to an argparse sub-parser collection; it dispatches to
    :func:`run_store_command` through ``args.func``."""
    parser = subparsers.add_parser(
        "store",
        help="list, verify or clear the results store",
        description="Manage the results store (default: the user cache folder, or $" + ENV_VAR + ").",
        epilog="examples:\n  cones store list\n  cones store verify\n  cones store clear --family holographic",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", metavar="DIR", help=f"store directory (default: ${ENV_VAR} or the user cache)")
    actions = parser.add_subparsers(dest="store_action", required=True, metavar="{list,verify,clear}")
    actions.add_parser("list", help="list the stored entries", description="List the stored entries and their state.")
    actions.add_parser(
        "verify", help="re-check every entry and certificate", description="Re-check checksums and every certificate; exit 1 if any fails."
    )
    clear = actions.add_parser("clear", help="delete stored entries", description="Delete stored entries and checkpoints.")
    clear.add_argument("--family", help="only this family")
    parser.set_defaults(func=run_store_command)
    return parser


def run_store_command(args: argparse.Namespace) -> int:
    """Carry out a parsed ``store`` command; returns the exit code (0 fine, 1 a check failed)."""
    store = Store(args.store)
    if args.store_action == "list":
        entries = store.entries()
        print(f"store: {store.root} ({len(entries)} entr{'y' if len(entries) == 1 else 'ies'})")
        for e in entries:
            state = e.problem or "ok"
            print(f"  {e.family}  n={e.n}  options={json.dumps(e.options, sort_keys=True)}  "
                  f"version={e.version}  {e.size} bytes  {state}")
        for directory, stages in store.partial_builds().items():
            print(f"  unfinished build {directory.relative_to(store.root / 'partial')}: checkpoints {', '.join(stages)}")
        return 0
    if args.store_action == "verify":
        bad = 0
        report = store.verify()
        for path, problems in report:
            print(f"{'FAIL' if problems else 'ok  '}  {path.relative_to(store.root)}")
            for p in problems:
                print(f"      {p}")
            bad += bool(problems)
        print(f"{len(report) - bad} of {len(report)} entries verified")
        return 1 if bad else 0
    removed = store.clear(args.family) + store.sweep_temporaries()
    print(f"removed {removed} file(s) from {store.root}")
    return 0


def store_main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``store_main(["list"])`` behaves like ``cones store list``."""
    parser = argparse.ArgumentParser(prog="cones")
    add_store_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["store", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
