"""Resumable logs of certified work (proofs, realisations) on the one checkpoint mechanism,
:class:`polytopes.checkpoint.Checkpoint`: each finished item is one record
``{"event", "row", "certificate", ...}`` with the certificate in its registered JSON form
(:mod:`cones.core.certificate_kinds`), so a resumed run re-reads real certificates."""

from __future__ import annotations

import json

from polytopes.checkpoint import Checkpoint

from cones.core.certificate_kinds import certificate_from_json, certificate_to_json

_KIND = "cones.certified-work"


def open_log(path, header: dict) -> tuple[Checkpoint | None, list[dict]]:
    """The log at ``path`` for the problem ``header`` (``None`` when ``path`` is None) and its
    finished records, ``row`` as a tuple and ``certificate`` parsed; a log of another problem
    is refused with a ValueError."""
    if path is None:
        return None, []
    log = Checkpoint(path, json.dumps(header, sort_keys=True), _KIND)
    records = []
    for rec in log.records:
        rec = dict(rec, row=tuple(int(v) for v in rec["row"]))
        rec["certificate"] = certificate_from_json(rec["certificate"]) if rec.get("certificate") else None
        records.append(rec)
    return log, records


def log_item(log: Checkpoint | None, event: str, row, certificate, **fields) -> None:
    """Append one finished item (nothing when there is no log)."""
    if log is not None:
        log.append({"event": event, "row": [int(v) for v in row],
                    "certificate": certificate_to_json(certificate) if certificate is not None else None, **fields})
