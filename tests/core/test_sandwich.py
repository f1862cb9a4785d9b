"""The inner/outer sandwich engine: settling, certificates, resume from a cut checkpoint."""

import json
from dataclasses import replace

import numpy as np

from cones.holographic.cone import holographic_family
from cones.core.sandwich import separating_facets, tighten


class _Counting:
    """Picklable-free wrapper counting calls (serial executor only)."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, row):
        self.calls += 1
        return self.fn(row)


def test_resume_after_interruption_redoes_nothing_finished(tmp_path):
    log = tmp_path / "hec4.jsonl"
    first = tighten(holographic_family(4), checkpoint=log, progress=False)
    assert first.status == "settled"
    lines = log.read_text().splitlines()
    # cut the log in the middle of its last record, as a kill -9 during a write would
    log.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])
    family = holographic_family(4)
    prove, quick = _Counting(family.prove), _Counting(family.quick_realise)
    again = tighten(replace(family, prove=prove, quick_realise=quick), checkpoint=log, progress=False)
    assert again.status == "settled"
    assert np.array_equal(again.facets, first.facets) and np.array_equal(again.rays, first.rays)
    assert prove.calls + quick.calls <= 1  # only the record cut in half is redone
    assert all(json.loads(line) for line in log.read_text().splitlines())


def test_checkpoint_of_another_problem_is_refused(tmp_path):
    log = tmp_path / "x.jsonl"
    tighten(holographic_family(3), checkpoint=log, progress=False)
    try:
        tighten(holographic_family(4), checkpoint=log, progress=False)
    except ValueError as exc:
        assert "another problem" in str(exc)
    else:
        raise AssertionError("a checkpoint of n=3 was accepted for n=4")


def test_separating_facet_is_a_facet_cutting_the_target():
    family = holographic_family(3)
    group = family.space.group
    bell = np.array([[1, 0, 1, 1, 0, 1, 0]])  # the Bell pair shared by A and C (coordinates A B C AB AC BC ABC)
    perfect = np.array([[1, 1, 1, 2, 2, 2, 1]])  # the 4-party perfect tensor
    rays = np.unique(np.vstack([bell, perfect])[:, group.elements].reshape(-1, 7), axis=0)
    ghz = (1, 1, 1, 1, 1, 1, 1)
    (facet,) = separating_facets(rays, [ghz], group)
    orbit = group.orbit(np.array(facet))
    assert any(int(np.dot(a, ghz)) < 0 for a in orbit)
    assert all((rays @ a >= 0).all() for a in orbit)


def test_neighbour_facets_recover_the_inequality_a_bound_lacks():
    """A cone over a pentagon: removing the ray above one edge of a square leaves exactly the
    square's facet, the plane through the ray's two neighbours."""
    from cones.core.sandwich import neighbour_facets
    from polytopes import Cone, PermutationGroup

    square = np.array([[1, 1, 1], [-1, 1, 1], [-1, -1, 1], [1, -1, 1]])
    extra = (0, 2, 1)
    outer = Cone.from_v(np.vstack([square, [extra]]), dim=3)
    found = neighbour_facets(outer.inequalities, outer.rays, [extra], square, PermutationGroup([[0, 1, 2]]))
    assert found == [(0, -1, 1)]
    assert Cone.from_v(square, dim=3).is_facet(np.array(found[0]))
