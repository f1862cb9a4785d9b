"""Results store: load instead of rebuild, atomic writes, stale/corrupt detection, checkpoints,
certificate re-verification, the ``store`` command, and survival of ``kill -9``."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from polytopes.checkpoint import Checkpoint, read_records

from cones.interface import store as store_module
from cones.core.certificate_kinds import register_certificate_kind
from cones.core.outer import holographic_outer_cone, shannon_cone
from cones.interface.store import ENV_VAR, Store, store_main


@register_certificate_kind("test-tight-count")
class TightCount:
    """Test certificate: the number of HEC_3 extreme rays tight on the facet."""

    def __init__(self, tight: int):
        self.tight = tight

    def to_json(self):
        return {"tight": self.tight}

    @classmethod
    def from_json(cls, data):
        return cls(data["tight"])

    def verify(self, row):
        rays = holographic_outer_cone(3).rays
        return int(np.count_nonzero(rays @ row == 0)) == self.tight


def _hec3_with_certificates():
    cone = holographic_outer_cone(3)
    for f in cone.facets:
        cone.facet_certificates[tuple(int(v) for v in f)] = TightCount(int(np.count_nonzero(cone.rays @ f == 0)))
    return cone


class _Builder:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return _hec3_with_certificates()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


def test_default_location_follows_the_environment(monkeypatch, tmp_path):
    assert Store().root == Path(os.environ[ENV_VAR])  # conftest: a fresh store per session
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    assert Store().root == tmp_path / "elsewhere"
    monkeypatch.delenv(ENV_VAR)
    assert "entropy-cones" in str(Store().root)


def test_second_build_loads(store):
    build = _Builder()
    first = store.load_or_build("holographic-outer", 3, build, {"method": "dd"})
    second = store.load_or_build("holographic-outer", 3, build, {"method": "dd"})
    assert build.calls == 1
    assert np.array_equal(first.facets, second.facets) and np.array_equal(first.rays, second.rays)
    assert second.status == first.status and second.definition == first.definition
    assert set(second.facet_certificates) == set(first.facet_certificates)
    assert all(isinstance(c, TightCount) for c in second.facet_certificates.values())
    # Other options are other inputs: built again.
    store.load_or_build("holographic-outer", 3, build, {"method": "orbits"})
    assert build.calls == 2
    manifest = json.loads(store.entry_path("holographic-outer", 3, {"method": "dd"}).read_text())["manifest"]
    assert manifest["inputs"] == {"family": "holographic-outer", "n": 3, "options": {"method": "dd"}}
    assert manifest["version"] == store_module.package_version() != "unknown"
    assert len(manifest["sha256"]) == 64


def _rewrite(path, change):
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


def _rehash(record):
    record["manifest"]["sha256"] = store_module._sha256(record["payload"])


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "corrupt (unreadable JSON"),
        (lambda p: _rewrite(p, lambda r: r["payload"]["outer"]["inequalities"][0].__setitem__(0, 7)), "corrupt (checksum"),
        (lambda p: _rewrite(p, lambda r: r["manifest"].__setitem__("version", "0.0.0")), "stale (written by version 0.0.0"),
        (lambda p: _rewrite(p, lambda r: (r["manifest"]["inputs"].__setitem__("n", 4), _rehash(r))), "stale (inputs"),
        (lambda p: p.write_text('{"payload": 1}'), "corrupt (not a store record)"),
    ],
    ids=["truncated", "tampered", "other-version", "other-inputs", "no-manifest"],
)
def test_damaged_entries_are_detected_and_rebuilt(store, damage, problem):
    build = _Builder()
    store.load_or_build("holographic-outer", 3, build)
    path = store.entry_path("holographic-outer", 3)
    damage(path)
    if problem.startswith("stale (inputs"):
        # The listing reads the manifest as written; a lookup for the real inputs refuses it.
        assert store.get("holographic-outer", 3) is None
    else:
        assert [e.problem for e in store.entries()][0].startswith(problem)
    cone = store.load_or_build("holographic-outer", 3, build)
    assert build.calls == 2 and len(cone.facets) == 7
    assert [e.problem for e in store.entries()] == [None]


def test_checkpoints_are_keyed_resumed_and_dropped_when_done(store):
    path = store.checkpoint_path("slow", 3, "stages", {"k": 1})
    with Checkpoint(path, "slow", "test") as cp:
        assert cp.records == []
        cp.append({"rows": [[1, 2]]})
    with Checkpoint(path, "slow", "test") as cp:
        assert cp.records == [{"rows": [[1, 2]]}]
    assert store.checkpoint_path("slow", 3, "stages", {"k": 2}) != path  # other inputs, other area
    assert path.parent == store.partial_dir("slow", 3, {"k": 1})
    with open(path, "a") as fh:
        fh.write('{"rows": ')  # a half-written last record is ignored
    with Checkpoint(path, "slow", "test") as cp:
        assert cp.records == [{"rows": [[1, 2]]}]
    store.put("slow", 3, holographic_outer_cone(3), {"k": 1})
    assert not store.partial_dir("slow", 3, {"k": 1}).exists()


def test_verify_rechecks_certificates_and_cli(store, capsys):
    store.load_or_build("holographic-outer", 3, _Builder())
    root = str(store.root)
    assert store_main(["--store", root, "verify"]) == 0
    assert "1 of 1 entries verified" in capsys.readouterr().out
    # A false certificate with a correct checksum: only re-verification catches it.
    _rewrite(store.entry_path("holographic-outer", 3),
             lambda r: (r["payload"]["facet_certificates"][0][1]["data"].__setitem__("tight", 99), _rehash(r)))
    ((_, problems),) = store.verify()
    assert len(problems) == 1 and "test-tight-count certificate does not verify" in problems[0]
    assert store_main(["--store", root, "verify"]) == 1
    assert "FAIL" in capsys.readouterr().out
    assert store_main(["--store", root, "list"]) == 0
    listing = capsys.readouterr().out
    assert "holographic-outer  n=3" in listing and "1 entry" in listing
    assert store_main(["--store", root, "clear"]) == 0
    assert store.entries() == []


def test_bad_inputs(store):
    with pytest.raises(ValueError, match="family"):
        store.entry_path("../escape", 3)
    with pytest.raises(ValueError, match="n must be a positive integer"):
        store.entry_path("shannon", 0)
    with pytest.raises(TypeError, match="JSON-serialisable"):
        store.entry_path("shannon", 3, {"x": object()})
    with pytest.raises(ValueError, match="stage"):
        store.checkpoint_path("shannon", 3, "a/b")


# -- kill -9 ---------------------------------------------------------------------------------
_SLOW_BUILD = textwrap.dedent(
    """
    import sys, time
    from cones.interface import store as store_module
    from cones.core.outer import holographic_outer_cone, shannon_cone

    from polytopes.checkpoint import Checkpoint

    root, log = sys.argv[1], sys.argv[2]
    store = store_module.Store(root)
    cp = Checkpoint(store.checkpoint_path("slow", 3, "stages"), "slow", "test")
    done = {record["stage"] for record in cp.records}

    def note(text):
        with open(log, "a") as f:
            f.write(text + "\\n")
            f.flush()

    def slow_write(handle, data):
        note("writing entry")
        for i in range(0, len(data), 64):
            handle.write(data[i:i + 64])
            handle.flush()
            time.sleep(0.01)

    def builder():
        for k in range(4):
            if k not in done:
                time.sleep(0.3)
                cp.append({"stage": k})
                note(f"computed stage{k}")
        store_module._write = slow_write  # the final entry is written slowly
        return holographic_outer_cone(3)

    store.load_or_build("slow", 3, builder)
    note("done")
    """
)


def _wait_for(log: Path, text: str, proc, limit=60.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if log.exists() and text in log.read_text():
            return
        assert proc.poll() is None, f"build exited early: {proc.stderr.read()}"
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {text!r}")


def test_kill_9_mid_build_and_mid_write_then_resume(tmp_path):
    root, log = tmp_path / "store", tmp_path / "log"
    script = tmp_path / "slow_build.py"
    script.write_text(_SLOW_BUILD)
    run = [sys.executable, str(script), str(root), str(log)]
    store = Store(root)

    # 1. Killed between stages: finished stages survive as checkpoints.
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True)
    _wait_for(log, "computed stage1", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert store.get("slow", 3) is None and store.entries() == []
    assert list(store.partial_builds().values()) == [["stages"]]
    assert read_records(store.checkpoint_path("slow", 3, "stages")) == [{"stage": 0}, {"stage": 1}]

    # 2. Resumed, then killed in the middle of writing the entry itself.
    log.write_text("")
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True)
    _wait_for(log, "writing", proc)
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    computed = [line for line in log.read_text().splitlines() if line.startswith("computed")]
    assert computed == ["computed stage2", "computed stage3"]  # stages 0 and 1 were loaded
    temporaries = list(root.rglob("*.tmp"))
    assert temporaries and temporaries[0].stat().st_size > 0  # the write was really cut short
    assert store.get("slow", 3) is None and store.entries() == []  # nothing half-written is trusted

    # 3. The next run detects the missing entry, resumes from all checkpoints and finishes.
    log.write_text("")
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = log.read_text().splitlines()
    assert lines[-1] == "done" and not [line for line in lines if line.startswith("computed")]
    (entry,) = store.entries()
    assert entry.problem is None and len(store.get("slow", 3).facets) == 7
    assert not store.partial_dir("slow", 3).exists()
    assert store.sweep_temporaries() == len(temporaries) and not list(root.rglob("*.tmp"))


def test_cached_build_goes_through_the_catalogue_once(store):
    from cones.core.catalogue import register_family
    from cones.interface.store import cached_build

    calls = []

    def counting(n, **options):
        calls.append(options)
        return holographic_outer_cone(n)

    register_family("test-counting", counting, "test family counting its builds")
    first = cached_build("test-counting", 3, store=store, flavour="x")
    second = cached_build("test-counting", 3, store=store, flavour="x")
    assert calls == [{"flavour": "x"}] and np.array_equal(first.facets, second.facets)
    with pytest.raises(ValueError, match="unknown cone family"):
        cached_build("no-such-family", 3, store=store)


def test_unreadable_certificates_are_rebuilt_and_unregistered_ones_not_stored(store):
    build = _Builder()
    store.load_or_build("holographic-outer", 3, build)
    _rewrite(store.entry_path("holographic-outer", 3),
             lambda r: (r["payload"]["facet_certificates"][0][1].update(kind="no-such-kind", module="cones.no_such"), _rehash(r)))
    with pytest.warns(UserWarning, match="cannot be read back.*unknown certificate kind 'no-such-kind'"):
        store.load_or_build("holographic-outer", 3, build)
    assert build.calls == 2 and store.get("holographic-outer", 3) is not None

    class Unregistered:
        def to_json(self):
            return {}

        def verify(self, row):
            return True

    cone = holographic_outer_cone(3)
    cone.facet_certificates[tuple(int(v) for v in cone.facets[0])] = Unregistered()
    with pytest.warns(UserWarning, match="built but not stored.*not a registered certificate kind"):
        assert store.load_or_build("unregistered", 3, lambda: cone) is cone
    assert store.get("unregistered", 3) is None


def _bounds_examples():
    from cones.core.bounds import EntropyCone
    from cones.core.outer import ssa_cone
    from polytopes import Cone

    hec = holographic_outer_cone(3)
    both = Cone.from_hv(hec.facets, hec.rays)
    return {
        "settled": EntropyCone("settled", hec.space, outer=both, inner=both, notes="hand-built"),
        "sandwich": EntropyCone("sandwich", hec.space, outer=ssa_cone(3).outer, inner=Cone.from_v(hec.rays[:4])),
        "inner-only": EntropyCone("inner-only", hec.space, inner=Cone.from_v(hec.rays)),
        "classical": shannon_cone(3),
    }


@pytest.mark.parametrize("name", ["settled", "sandwich", "inner-only", "classical"])
def test_every_kind_of_bound_round_trips(store, name):
    cone = _bounds_examples()[name]
    store.put(name, 3, cone)
    back = store.get(name, 3)
    assert back.status == cone.status and back.space == cone.space and back.notes == cone.notes
    for bound in ("outer", "inner"):
        mine, theirs = getattr(cone, bound), getattr(back, bound)
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert mine == theirs and (mine.group is None) == (theirs.group is None)
    assert np.array_equal(back.facets, cone.facets) and np.array_equal(back.rays, cone.rays)


def test_any_json_result_with_a_codec(store):
    from cones.interface.store import Codec

    identity = Codec(lambda x: x, lambda x: x)
    calls = []
    build = lambda: calls.append(1) or {"rows": [[1, -1]], "note": "plain data"}
    assert store.load_or_build("plain", 2, build, codec=identity) == {"rows": [[1, -1]], "note": "plain data"}
    assert store.load_or_build("plain", 2, build, codec=identity)["note"] == "plain data" and calls == [1]


def test_verify_rechecks_a_settled_cone_exactly(store):
    cone = _bounds_examples()["settled"]
    store.put("settled", 3, cone)
    assert store.verify()[0][1] == []
    # Drop one ray and fix the checksum: the facets no longer match the rays.
    _rewrite(store.entry_path("settled", 3), lambda r: (r["payload"]["inner"]["rays"].pop(), _rehash(r)))
    ((_, problems),) = store.verify()
    assert len(problems) == 1 and "does not read back" in problems[0] and "inconsistent" in problems[0]
