from fractions import Fraction

import numpy as np
import pytest

from cones.core.catalogue import build
from cones.holographic import Graph, realise_ray
from cones.space import EntropySpace
from cones.tensor_networks import Network, large_dimension_limit, sample
from cones.tensor_networks.checks import (
    facet_report, free_density, min_cut_table, one_cut_distance, plot_two_cut, product_spectrum, trace_distance,
    two_cut_check)


def _is_ray(vector, cone):
    rays = {tuple(r) for r in np.asarray(cone.rays).tolist()}
    return tuple(int(v) for v in vector) in rays


def test_large_d_limit_of_the_perfect_tensor_star_is_a_hec3_ray():
    star = Graph(3, [(v, "x", 1) for v in "ABCO"])
    limit = large_dimension_limit(star, 2)
    assert limit == list(star.entropy_vector()) == [1, 1, 1, 2, 2, 2, 1]
    assert _is_ray(limit, build("holographic", 3))
    table = min_cut_table(star, (2, 3, 5), samples=8, seed=1)
    assert table["sampled distance"].is_monotonic_decreasing
    assert table["annealed S2 distance"].is_monotonic_decreasing


def test_large_d_limit_of_a_hec4_ray_network():
    hec4 = build("holographic", 4)
    ray = next(r for r in np.asarray(hec4.rays).tolist() if max(r) == 3)  # the orbit with S(ABC) = 3
    graph = realise_ray(ray, EntropySpace(4)).graph
    assert large_dimension_limit(graph, 2) == [Fraction(v) for v in ray] == list(graph.entropy_vector())
    assert len(large_dimension_limit(graph, 3)) == 15
    sampled = sample(Network.from_graph(graph, 2), 4, seed=0, progress=False).von_neumann.mean(axis=0)
    assert np.all(sampled <= np.log(2) * np.array(ray) + 1e-9)  # the min-cut bounds every entropy


def test_one_cut_spectrum_tends_to_the_product_of_link_spectra():
    table = one_cut_distance((2, 3, 5), samples=6, seed=2)
    assert table["distance"].is_monotonic_decreasing
    assert table["distance"].iloc[-1] < 0.75 * table["distance"].iloc[0]
    assert trace_distance([0.5, 0.5], [1.0]) == 0.5
    assert np.allclose(product_spectrum([0.25, 0.75], [0.5, 0.5]), [0.375, 0.375, 0.125, 0.125])


def _mass(values, density, x, lo, hi):
    inside = (x >= lo) & (x <= hi)
    return np.trapezoid(density[inside], x[inside]), np.mean((values >= lo) & (values <= hi))


@pytest.mark.parametrize("flat", [True, False])
def test_two_cut_spectrum_matches_the_free_prediction(flat):
    lam = None if flat else np.linspace(1, 2, 48) / np.linspace(1, 2, 48).sum()
    check = two_cut_check(48, lam, samples=8, seed=3, points=600)
    x, density, values = check["x"], check["density"], check["eigenvalues"]
    m2 = 2.0 if flat else 2 * 48 * float(np.sum(lam ** 2))  # m2(a ⊠ MP ⊠ b) = m2(a) + m2(b) for mean-1 laws
    assert np.trapezoid(x ** 2 * density, x) == pytest.approx(m2, rel=0.01)
    assert np.mean(values ** 2) == pytest.approx(m2, rel=0.05)
    for lo, hi in [(0.25, 1.0), (1.0, 2.0), (2.0, 3.0)]:
        predicted, sampled = _mass(values, density, x, lo, hi)
        assert abs(predicted - sampled) < 0.03
    if flat:
        inner = (x > 0.2) & (x < 3.8)
        mp = np.sqrt(np.clip(x * (4 - x), 0, None)) / (2 * np.pi * x)
        assert np.allclose(density[inner], mp[inner], atol=0.01)
    assert plot_two_cut(check).get_xlabel() == "D p"


def test_facet_report_on_rtn_vectors():
    net = Network(3, [("A", "x", 2, ["1/10", "9/10"]), ("B", "x", 2), ("C", "x", 2), ("O", "x", 2)])
    out = sample(net, 10, seed=0, progress=False)
    table = facet_report(out.von_neumann, net.space, families=["holographic", "stabilizer"])
    assert set(table["family"]) == {"holographic", "stabilizer"}
    subadditivity = table[table["inequality"].str.contains("S(A) + S(B) >= S(AB)", regex=False)]
    assert (subadditivity["violations"] == 0).all()  # quantum states obey SA
    assert (table["least value"] >= -10).all() and (table["samples"] == 10).all()
    with pytest.raises(ValueError, match="coordinates"):
        facet_report(np.zeros((1, 3)), net.space)


def test_free_density_is_a_probability_density():
    x = np.linspace(1e-4, 6, 3000)
    density = free_density(np.linspace(1, 3, 30), [1.0], x)
    assert np.all(density >= 0)
    assert np.trapezoid(density, x) == pytest.approx(1, abs=0.03)
    assert np.trapezoid(x * density, x) == pytest.approx(1, abs=0.02)
