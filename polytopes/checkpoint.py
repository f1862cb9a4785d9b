"""Checkpoints of long runs: an append-only JSON-lines file, one finished work item a line.

The first line is a header naming the problem by a fingerprint; every later line is one
finished record, written with flush + fsync, so a killed run loses at most the line being
written.  Re-opening the file resumes: a truncated last line is cut off, the finished records
are handed back, and new records are appended.  A checkpoint of a different problem is
refused rather than mixed in.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np


def fingerprint(*arrays) -> str:
    """A SHA-256 of integer arrays (shape and entries), naming a problem."""
    digest = hashlib.sha256()
    for arr in arrays:
        a = np.ascontiguousarray(arr, dtype=np.int64)
        digest.update(repr(a.shape).encode())
        digest.update(a.tobytes())
    return digest.hexdigest()


class Checkpoint:
    """An open JSON-lines checkpoint; ``records`` holds what earlier runs finished."""

    def __init__(self, path, problem: str, kind: str):
        self.path = Path(path)
        self.records: list[dict] = []
        header = {"kind": kind, "problem": problem}
        lines, good_end = _valid_lines(self.path)
        if lines:
            if lines[0] != header:
                raise ValueError(
                    f"checkpoint {self.path} belongs to another problem: it was written for a different problem "
                    f"({lines[0].get('kind')!r}, fingerprint {str(lines[0].get('problem'))[:12]}...); "
                    "use another file or delete it"
                )
            self.records = lines[1:]
            with open(self.path, "r+b") as fh:
                fh.truncate(good_end)
            self._file = open(self.path, "a", encoding="utf-8")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8")
            self.append(header)

    def append(self, record: dict) -> None:
        """Write one record as a line and force it to disk."""
        self._file.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Checkpoint":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_records(path) -> list[dict]:
    """The finished records of the checkpoint at ``path`` (header left out), without opening it
    for writing; an empty list if there is no file."""
    return _valid_lines(Path(path))[0][1:]


def _valid_lines(path: Path) -> tuple[list[dict], int]:
    """Complete JSON lines of a checkpoint file and the byte offset where they end."""
    if not path.exists():
        return [], 0
    data = path.read_bytes()
    lines, end = [], 0
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n"):
            break  # the line being written when the run stopped
        try:
            lines.append(json.loads(raw))
        except json.JSONDecodeError:
            if end + len(raw) == len(data):
                break
            raise ValueError(f"checkpoint {path} is corrupt at byte {end}") from None
        end += len(raw)
    return lines, end
