"""The registry of certificate kinds: registration, JSON round trip, generic verification."""

import numpy as np
import pytest

from cones.core.certificate_kinds import (
    certificate_from_json,
    certificate_kinds,
    certificate_to_json,
    kind_of,
    register_certificate_kind,
    verify_certificate,
)


@register_certificate_kind("test-sum-is")
class SumIs:
    """Claims that the row sums to ``total`` (verify takes the row)."""

    def __init__(self, total):
        self.total = total

    def to_json(self):
        return {"total": self.total}

    @classmethod
    def from_json(cls, data):
        return cls(data["total"])

    def verify(self, row):
        return int(np.sum(row)) == self.total


@register_certificate_kind("test-self-contained")
class SelfContained:
    """Carries its claim: verify() takes no row."""

    def __init__(self, ok):
        self.ok = ok

    def to_json(self):
        return {"ok": self.ok}

    @classmethod
    def from_json(cls, data):
        return cls(data["ok"])

    def verify(self):
        if self.ok is None:
            raise RuntimeError("cannot check")
        return self.ok


def test_round_trip_and_verification():
    record = certificate_to_json(SumIs(3))
    assert record == {"kind": "test-sum-is", "module": __name__, "data": {"total": 3}}
    back = certificate_from_json(record)
    assert isinstance(back, SumIs) and kind_of(back) == "test-sum-is"
    assert verify_certificate(back, [1, 2, 0]) and not verify_certificate(back, [1, 1, 0])
    assert verify_certificate(SelfContained(True), [0]) and not verify_certificate(SelfContained(False), [0])
    assert not verify_certificate(SelfContained(None), [0])  # an exception is a failed check
    assert certificate_kinds()["test-sum-is"] is SumIs


def test_registration_errors():
    register_certificate_kind("test-sum-is")(SumIs)  # the same class again is harmless

    class Other(SumIs):
        pass

    with pytest.raises(ValueError, match="already registered"):
        register_certificate_kind("test-sum-is")(Other)

    class NoVerify:
        def to_json(self):
            return {}

        @classmethod
        def from_json(cls, data):
            return cls()

    with pytest.raises(TypeError, match="no verify"):
        register_certificate_kind("test-no-verify")(NoVerify)
    with pytest.raises(ValueError, match="non-empty string"):
        register_certificate_kind("")


def test_bad_records():
    with pytest.raises(ValueError, match="unknown certificate kind 'nope'"):
        certificate_from_json({"kind": "nope", "data": {}})
    with pytest.raises(ValueError, match="must be"):
        certificate_from_json({"data": {}})
    with pytest.raises(TypeError, match="not a registered certificate kind"):
        certificate_to_json(object())
