"""Orbit-wise enumeration (adjacency decomposition) against plain double description."""

import json
import subprocess
import sys
import textwrap
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cones.space import subset_masks
from polytopes._cdd import h_to_v, v_to_h
from polytopes._integers import canonical_rows
from polytopes._linalg import rank
from polytopes.adjacency import facets_by_orbits, rays_by_orbits
from polytopes.group import PermutationGroup

REPO = Path(__file__).resolve().parents[2]


def party_group(n: int) -> PermutationGroup:
    """S_n acting on subset coordinates by relabelling parties."""
    masks = subset_masks(n)

    def relabel(p):
        return lambda m: sum(1 << p[i] for i in range(n) if m >> i & 1)

    return PermutationGroup.from_action(masks, [relabel([1, 0] + list(range(2, n))), relabel(list(range(1, n)) + [0])])


def elemental(n: int) -> np.ndarray:
    """Elemental Shannon inequalities: n + C(n,2) 2^(n-2) rows on the 2^n - 1 subset coordinates."""
    index = {m: i for i, m in enumerate(subset_masks(n))}
    full = (1 << n) - 1

    def row(terms):
        v = np.zeros(len(index), dtype=np.int64)
        for c, m in terms:
            if m:
                v[index[m]] += c
        return v

    rows = [row([(1, full), (-1, full & ~(1 << i))]) for i in range(n)]
    for i, j in combinations(range(n), 2):
        rest = [k for k in range(n) if k not in (i, j)]
        for size in range(len(rest) + 1):
            for K in combinations(rest, size):
                k = sum(1 << x for x in K)
                rows.append(row([(1, k | 1 << i), (1, k | 1 << j), (-1, k | 1 << i | 1 << j), (-1, k)]))
    return np.array(rows)


def plain_rays(A, E=()):
    d = A.shape[1]
    rays, lines = h_to_v(A, np.asarray(E, dtype=np.int64).reshape(-1, d), d)
    assert not lines
    return canonical_rows(rays, d)


def assert_orbits_consistent(result):
    G = result.group
    assert (G.canonical_rows(result.representatives) == result.representatives).all()
    for rep, size in zip(result.representatives, result.orbit_sizes):
        assert size == len(G.orbit(rep))
    assert len(result.all_rows()) == result.total


@pytest.mark.parametrize("n, rays, orbits", [(3, 8, 4), (4, 41, 11)])
def test_shannon_rays_match_plain_double_description(n, rays, orbits):
    A = elemental(n)
    result = rays_by_orbits(A, [], party_group(n), executor="serial", progress=False)
    assert (result.all_rows() == plain_rays(A)).all()
    assert result.total == rays and len(result) == orbits
    assert_orbits_consistent(result)


def test_shannon_facets_from_rays():
    A = elemental(4)
    rays = plain_rays(A)
    result = facets_by_orbits(rays, [], party_group(4), executor="serial", progress=False)
    assert (result.all_rows() == canonical_rows(A, 15)).all()
    assert sorted(result.orbit_sizes) == [4, 6, 6, 12]  # H(i|rest); I(i;j|K), |K| = 0, 1, 2


@pytest.mark.parametrize("executor", ["serial", 2])
def test_recursive_local_enumeration_gives_the_same_rays(monkeypatch, executor):
    """Every local cone with a non-trivial stabilizer enumerated by the recursion (down to
    depth 2), driven from this process with its expansions on the executor."""
    import polytopes.adjacency as adjacency

    H, G3 = symmetric_test_cone()
    direct = rays_by_orbits(H, [], G3, executor="serial", progress=False)
    monkeypatch.setattr(adjacency, "_RECURSION_EXCESS", -100)
    monkeypatch.setattr(adjacency, "_MAX_DEPTH", 2)
    A, G = elemental(4), party_group(4)
    result = rays_by_orbits(A, [], G, executor=executor, progress=False)
    assert (result.all_rows() == plain_rays(A)).all()
    assert_orbits_consistent(result)
    recursive = rays_by_orbits(H, [], G3, executor=executor, progress=False)
    assert np.array_equal(recursive.representatives, direct.representatives)
    assert np.array_equal(recursive.orbit_sizes, direct.orbit_sizes)


def test_local_cones_by_cdd_when_normaliz_is_missing(monkeypatch):
    import polytopes.adjacency as adjacency

    monkeypatch.setattr(adjacency, "_normaliz", lambda: None)
    A = elemental(4)
    result = rays_by_orbits(A, [], party_group(4), executor="serial", progress=False)
    assert (result.all_rows() == plain_rays(A)).all()


def test_integer_rows_scale_rational_rows_exactly():
    from fractions import Fraction

    from polytopes._integers import primitive
    from polytopes.adjacency import _integer_rows

    rows = [
        [Fraction(3, 2), Fraction(-1, 3), Fraction(0), Fraction(5)],
        [Fraction(2**40), Fraction(2**40, 3), Fraction(1, 7), Fraction(0)],  # scaled beyond 2**31
        [Fraction(6), Fraction(4), Fraction(-2), Fraction(0)],
        [Fraction(1, 2**20), Fraction(1, 3**13), Fraction(1), Fraction(1, 5**9)],  # lcm beyond 2**31
    ]
    out = _integer_rows([[f.numerator for f in r] for r in rows], [[f.denominator for f in r] for r in rows], 4)
    assert out.dtype == np.int64
    assert out.tolist() == [list(primitive(r)) for r in rows]
    with pytest.raises(OverflowError):
        _integer_rows([[2**70, 1]], [[1, 3]], 2)


def test_gamma4_cut_by_ingleton_has_35_rays():
    G = party_group(4)
    index = {m: i for i, m in enumerate(subset_masks(4))}

    def h(*terms):
        v = np.zeros(15, dtype=np.int64)
        for c, m in terms:
            if m:
                v[index[m]] += c
        return v

    A, B, C, D = 1, 2, 4, 8

    def mi(x, y, z=0):  # I(x;y|z)
        return h((1, x | z), (1, y | z), (-1, x | y | z), (-1, z))

    ingleton = mi(A, B, C) + mi(A, B, D) + mi(C, D) - mi(A, B)
    instances = G.orbit(ingleton)
    assert len(instances) == 6
    cut = np.vstack([elemental(4), instances])
    result = rays_by_orbits(cut, [], G, executor="serial", progress=False)
    assert result.total == 35
    assert (result.all_rows() == plain_rays(cut)).all()


@pytest.mark.parametrize("n", [3, 4])
def test_cone_with_invariant_equation(n):
    # Gamma_n on the hyperplane where the n-variate co-information sum (-1)^(|S|+1) h(S)
    # vanishes (invariant under party permutations).
    A = elemental(n)
    E = np.array([[(-1) ** (bin(m).count("1") + 1) for m in subset_masks(n)]])
    result = rays_by_orbits(A, E, party_group(n), executor="serial", progress=False)
    assert (result.all_rows() == plain_rays(A, E)).all()
    assert result.total > 0
    assert_orbits_consistent(result)


def test_zero_cone_has_no_rays():
    A = elemental(3)
    E = np.zeros((1, 7), dtype=np.int64)
    E[0, 6] = 1  # h(ABC) = 0 forces every entropy to 0
    result = rays_by_orbits(A, E, party_group(3), executor="serial", progress=False)
    assert len(result) == 0 and result.total == 0 and result.all_rows().shape == (0, 7)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(1, 6), min_size=7, max_size=7), min_size=2, max_size=4), st.booleans())
def test_random_symmetric_cones(seeds, full_group):
    """The cone generated by orbits of random positive vectors: rays and facets up to symmetry
    agree with plain double description in both directions."""
    G = party_group(3) if full_group else PermutationGroup([party_group(3).elements[1]])
    generators = np.unique(np.concatenate([G.orbit(np.array(v)) for v in seeds]), axis=0)
    assume(np.linalg.matrix_rank(generators.astype(float)) == 7)
    ineqs, eqs = v_to_h(generators, [], 7)
    assert not eqs
    H = canonical_rows(ineqs, 7)
    V = plain_rays(np.asarray(H))
    rays = rays_by_orbits(H, [], G, executor="serial", progress=False)
    assert (rays.all_rows() == V).all()
    facets = facets_by_orbits(generators, [], G, executor="serial", progress=False)
    assert (facets.all_rows() == H).all()


def test_bad_input():
    G = party_group(3)
    A = elemental(3)
    with pytest.raises(ValueError, match="does not map the set of inequalities"):
        rays_by_orbits(A[:5], [], G, progress=False)
    with pytest.raises(ValueError, match="not pointed"):
        rays_by_orbits(A[:3], [], G, progress=False)
    with pytest.raises(ValueError, match="full-dimensional"):
        facets_by_orbits(np.eye(7, dtype=np.int64)[:3], [], G, progress=False)
    with pytest.raises(TypeError, match="PermutationGroup"):
        rays_by_orbits(A, [], [[0, 1]], progress=False)
    with pytest.raises(ValueError, match="length 6, expected 7"):
        rays_by_orbits(A[:, :6], [], G, progress=False)


_RESUMABLE = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    sys.path.insert(0, {repo!r})
    import polytopes.adjacency as adjacency
    from tests.polytopes.test_adjacency import party_group, symmetric_test_cone

    expand = adjacency._neighbour_representatives

    def slow(problem, ray, pools):  # stands for a long computation per orbit
        time.sleep(0.3)
        return expand(problem, ray, pools)

    adjacency._neighbour_representatives = slow
    H, G = symmetric_test_cone()
    adjacency.rays_by_orbits(H, [], G, executor="serial", checkpoint={path!r}, progress=False)
    """
)


def symmetric_test_cone():
    """A full-dimensional pointed cone with many ray orbits under S_3 on 7 coordinates."""
    G = party_group(3)
    rng = np.random.default_rng(7)
    generators = np.unique(np.concatenate([G.orbit(v) for v in rng.integers(1, 9, size=(9, 7))]), axis=0)
    ineqs, _ = v_to_h(generators, [], 7)
    return canonical_rows(ineqs, 7), G


def test_checkpoint_resume_after_kill(tmp_path):
    H, G = symmetric_test_cone()
    fresh = rays_by_orbits(H, [], G, executor="serial", progress=False)
    assert fresh.expanded >= 6
    path = tmp_path / "rays.jsonl"
    script = tmp_path / "run.py"
    script.write_text(_RESUMABLE.format(repo=str(REPO), path=str(path)))
    proc = subprocess.Popen([sys.executable, str(script)], cwd=REPO)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if path.exists() and path.read_text().count("\n") >= 4:  # header + 3 finished orbits
                break
            assert proc.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    finished = path.read_text().count("\n") - 1
    assert 3 <= finished < fresh.expanded
    with open(path, "a") as fh:
        fh.write('{"ray": [1, 2')  # a line cut off by the kill
    resumed = rays_by_orbits(H, [], G, executor="serial", checkpoint=path, progress=False)
    assert (resumed.representatives == fresh.representatives).all()
    assert (resumed.orbit_sizes == fresh.orbit_sizes).all()
    assert 0 < resumed.expanded <= fresh.expanded - finished + 2
    rays = [tuple(json.loads(line)["ray"]) for line in path.read_text().splitlines()[1:]]
    assert len(rays) == finished + resumed.expanded == len(set(rays))  # nothing redone
    with pytest.raises(ValueError, match="different problem"):
        rays_by_orbits(elemental(3), [], G, checkpoint=path, progress=False)


def test_gamma5_orbits():
    """Gamma5: 117,983 extreme rays in 1,320 orbits under S_5 (issue 9); ~35 s on 2 busy cores."""
    A, G = elemental(5), party_group(5)
    result = rays_by_orbits(A, [], G, executor=None, progress=False)
    assert len(result) == 1320
    assert result.total == 117_983 == int(result.orbit_sizes.sum())
    assert_orbits_consistent(result)
    slack = A @ result.representatives.T
    assert (slack >= 0).all()
    # each representative is extreme: its tight rows have rank 30 (mod p it is a lower bound,
    # and the representative itself is a non-zero null vector)
    assert all(rank(A[slack[:, k] == 0], upper=30) == 30 for k in range(len(result)))


def test_cone_orbitwise_conversions_draw_no_progress_bar(capfd):
    from polytopes.cone import Cone

    A, G = elemental(4), party_group(4)
    rays_by_orbits(A, [], G, executor="serial", progress=True)
    assert "rays orbits" in capfd.readouterr().err  # a bar is seen here when asked for
    cone = Cone.from_h(A, group=G, method="orbits")
    assert len(cone.rays) == 41
    assert len(Cone.from_v(cone.rays, group=G, method="orbits").inequalities) == 28
    assert capfd.readouterr().err == ""


def test_time_limit_returns_genuine_rays_and_says_it_is_partial():
    A = elemental(4)
    partial = rays_by_orbits(A, [], party_group(4), executor="serial", progress=False, time_limit=1e-9)
    assert not partial.complete and 0 < len(partial) < 11
    for ray in partial.representatives:  # extreme rays of the Shannon cone, even so
        assert (A @ ray >= 0).all() and rank(A[A @ ray == 0]) == 14
    assert rays_by_orbits(A, [], party_group(4), executor="serial", progress=False).complete
    with pytest.raises(ValueError, match="time_limit"):
        rays_by_orbits(A, [], party_group(4), progress=False, time_limit=0)


def test_known_rays_and_facets_start_the_search():
    A = elemental(4)
    rays = plain_rays(A)
    group = party_group(4)
    plain = rays_by_orbits(A, [], group, executor="serial", progress=False)
    # with a time limit too short for any expansion, the known rays are all found "in time"
    seeded = rays_by_orbits(A, [], group, executor="serial", progress=False, known=rays[:20], time_limit=1e-9)
    assert {tuple(r) for r in group.canonical_rows(rays[:20])} <= {tuple(r) for r in seeded.representatives}
    full = rays_by_orbits(A, [], group, executor="serial", progress=False, known=rays)
    assert (full.all_rows() == plain.all_rows()).all() and full.complete
    facets = facets_by_orbits(rays, [], group, executor="serial", progress=False, known=A[:3])
    assert (facets.all_rows() == canonical_rows(A, 15)).all()
    with pytest.raises(ValueError, match="not an extreme ray"):
        rays_by_orbits(A, [], group, progress=False, known=[rays[0] + rays[1]])
    with pytest.raises(ValueError, match="not a facet"):
        facets_by_orbits(rays, [], group, progress=False, known=[A[0] + A[1]])
