import pytest

from cones.core import catalogue
from cones.core.bounds import EntropyCone
from cones.core.outer import ssa_cone


def test_the_four_outer_families_are_registered():
    known = catalogue.families()
    assert {"shannon", "subadditivity", "ssa", "holographic-outer"} <= set(known)
    cone = catalogue.build("ssa", 3)
    assert isinstance(cone, EntropyCone) and len(cone.facets) == 12 and "build" in cone.timings


def test_unknown_family_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown cone family 'nope'; known families: .*holographic-outer.*shannon"):
        catalogue.build("nope", 3)


def test_register_family():
    catalogue.register_family("test-ssa", lambda n: ssa_cone(n), "SSA again, for the test")
    try:
        assert catalogue.families()["test-ssa"] == "SSA again, for the test"
        assert len(catalogue.build("test-ssa", 3).rays) == 8
    finally:
        catalogue._REGISTRY.pop("test-ssa")
    with pytest.raises(ValueError, match="lower-case"):
        catalogue.register_family("Bad Name", ssa_cone, "")
    with pytest.raises(TypeError, match="callable"):
        catalogue.register_family("bad", None, "")
