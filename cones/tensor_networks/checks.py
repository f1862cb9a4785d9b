"""Checks of random tensor networks against their large-dimension theory (arXiv:2206.10482).

* **Min-cut limit.** Flat links of dimension ``D**w_e`` on a graph: ``S(A) / log D`` tends to
  the min-cut vector of the graph (:meth:`cones.holographic.Graph.entropy_vector`), a point of
  the holographic cone.  :func:`min_cut_table` lists the sampled and the annealed distance to
  it per ``D``; :func:`cones.tensor_networks.large_dimension_limit` is the exact limit.
* **One minimal cut.** The spectrum of ``rho_A`` tends to the tensor product of the link
  spectra on the cut (:func:`one_cut_distance`, the trace distance of sorted spectra).
* **Two minimal cuts.** For ``A - x - O`` with link spectra ``lambda`` and ``mu`` of dimension
  ``D``, the law of ``D p`` (``p`` the eigenvalues of ``rho_A``) tends to the free
  multiplicative convolution ``nu_lambda ⊠ MP ⊠ nu_mu`` (``MP`` = Marchenko–Pastur with ratio
  1, the flat case), computed by :func:`free_density` from the subordination equations
  ``delta = <a / (-z(1 + delta~ a))>``, ``delta~ = <b / (-z(1 + delta b))>``, ``G(z) = <1 / (-z(1 + delta~ a))>``
  (Couillet–Hachem's deterministic equivalent of ``A^1/2 G B G^* A^1/2``), density ``Im G / pi``.
"""

from __future__ import annotations

from math import log

import numpy as np
import pandas as pd

from cones.tensor_networks.network import Network
from cones.tensor_networks.replica import annealed_entropies
from cones.tensor_networks.sampler import sample


def min_cut_table(graph, dimensions=(2, 3, 4), samples: int = 20, seed: int = 0, executor=None,
                  progress: bool = False) -> pd.DataFrame:
    """Per bond dimension ``D``: max over regions of ``|S(A)/log D - mincut(A)|`` for the sampled
    von Neumann entropies (mean over ``samples``) and for the exact annealed ``S_2``.

    >>> from cones.holographic import Graph
    >>> star = Graph(3, [(v, "x", 1) for v in "ABCO"])
    >>> table = min_cut_table(star, (2, 8), samples=4)
    >>> bool(table["sampled distance"].is_monotonic_decreasing)
    True
    """
    target = np.array([float(v) for v in graph.entropy_vector()])
    rows = []
    for d in dimensions:
        network = Network.from_graph(graph, d)
        sampled = sample(network, samples, seed=seed, orders=(2,), executor=executor, progress=progress)
        rows.append({"D": d,
                     "sampled distance": float(np.abs(sampled.von_neumann.mean(axis=0) / log(d) - target).max()),
                     "annealed S2 distance": float(np.abs(annealed_entropies(network, 2) / log(d) - target).max())})
    return pd.DataFrame(rows)


def profile_spectrum(dimension: int, variation: float = 1.0) -> np.ndarray:
    """A non-flat spectrum of bounded variation: ``lambda_i ∝ 1 + variation * i / (D - 1)`` (floats).

    >>> profile_spectrum(3).round(3).tolist()
    [0.222, 0.333, 0.444]
    """
    weights = 1 + variation * np.arange(dimension) / max(dimension - 1, 1)
    return weights / weights.sum()


def product_spectrum(*spectra) -> np.ndarray:
    """The tensor product of link spectra, sorted decreasingly."""
    out = np.ones(1)
    for spectrum in spectra:
        out = np.outer(out, np.asarray(spectrum, dtype=float)).ravel()
    return np.sort(out)[::-1]


def trace_distance(p, q) -> float:
    """``1/2 sum_i |p_i - q_i|`` of two spectra sorted decreasingly (zero-padded to one length)."""
    p, q = np.sort(np.asarray(p, float))[::-1], np.sort(np.asarray(q, float))[::-1]
    size = max(len(p), len(q))
    return 0.5 * float(np.abs(np.pad(p, (0, size - len(p))) - np.pad(q, (0, size - len(q)))).sum())


def one_cut_network(dimension: int, variation: float = 1.0) -> Network:
    """``A`` joined to one bulk vertex by two links of dimension ``D`` with spectra
    ``profile_spectrum(D)`` and its reverse; the bulk joined to ``O`` by a flat link of dimension
    ``D**3``: the minimal cut of ``A`` is its two links, with product spectrum."""
    lam = profile_spectrum(dimension, variation)
    return Network(1, [("A", "x", dimension, lam), ("A", "x", dimension, lam[::-1].copy()), ("x", "O", dimension ** 3)])


def one_cut_distance(dimensions=(2, 4, 8), samples: int = 10, seed: int = 0, variation: float = 1.0,
                     executor=None) -> pd.DataFrame:
    """Per ``D``: mean trace distance between the sampled spectrum of ``rho_A`` in
    :func:`one_cut_network` and the product of the cut's link spectra (it decreases with ``D``)."""
    rows = []
    for d in dimensions:
        network = one_cut_network(d, variation)
        predicted = product_spectrum(*(link.spectrum for link in network.links[:2]))
        out = sample(network, samples, seed=seed, orders=(2,), keep=["A"], executor=executor, progress=False)
        distances = [trace_distance(p, predicted) for p in out.spectra["A"]]
        rows.append({"D": d, "distance": float(np.mean(distances)), "error": float(np.std(distances) / np.sqrt(samples))})
    return pd.DataFrame(rows)


def _atoms(values, at_most: int = 64) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    values = values / values.mean()
    if len(values) > at_most:
        values = np.quantile(values, (np.arange(at_most) + 0.5) / at_most)
    return values


def free_density(a, b, x, eta: float = 2e-3, tol: float = 1e-9, max_iterations: int = 20000) -> np.ndarray:
    """Density at the points ``x`` of ``nu_a ⊠ MP ⊠ nu_b`` (``nu_a``: the empirical law of ``a``
    normalised to mean 1, coarse-grained to 64 quantiles), by the damped fixed point of the
    subordination equations at ``z = x + i eta``.

    >>> x = np.array([1.0, 2.0])
    >>> mp = np.sqrt(x * (4 - x)) / (2 * np.pi * x)   # Marchenko-Pastur, ratio 1
    >>> bool(np.allclose(free_density([1.0], [1.0], x), mp, atol=1e-3))
    True
    """
    a, b = _atoms(a), _atoms(b)
    z = np.asarray(x, dtype=float)[:, None] + 1j * eta
    delta = np.full(z.shape, 1j, dtype=complex)
    delta_t = delta.copy()
    for _ in range(max_iterations):
        new = np.mean(a / (-z * (1 + delta_t * a)), axis=1, keepdims=True)
        new_t = np.mean(b / (-z * (1 + delta * b)), axis=1, keepdims=True)
        change = max(np.abs(new - delta).max(), np.abs(new_t - delta_t).max())
        delta, delta_t = (delta + new) / 2, (delta_t + new_t) / 2
        if change < tol:
            break
    return np.mean(1 / (-z * (1 + delta_t * a)), axis=1).imag / np.pi


def two_cut_network(dimension: int, spectrum=None) -> Network:
    """``A - x - O`` with two links of dimension ``D`` and the same spectrum (flat by default):
    both are minimal cuts of ``A``."""
    return Network(1, [("A", "x", dimension, spectrum), ("x", "O", dimension, spectrum)])


def two_cut_check(dimension: int = 64, spectrum=None, samples: int = 20, seed: int = 0, points: int = 300,
                  executor=None) -> dict:
    """Sampled ``D p`` for :func:`two_cut_network` and the free prediction on a grid:
    ``{"eigenvalues", "x", "density", "network"}``."""
    network = two_cut_network(dimension, spectrum)
    out = sample(network, samples, seed=seed, orders=(2,), keep=["A"], executor=executor, progress=False)
    eigenvalues = dimension * np.concatenate(out.spectra["A"])
    x = np.linspace(1e-3, 1.1 * eigenvalues.max(), points)
    lam = [float(p) for p in network.links[0].spectrum]
    mu = [float(p) for p in network.links[1].spectrum]
    return {"eigenvalues": eigenvalues, "x": x, "density": free_density(lam, mu, x), "network": network}


def plot_two_cut(check: dict, ax=None, bins: int = 60):
    """Histogram of the sampled ``D p`` with the free-probability density over it (matplotlib Axes)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 3.5))[1]
    ax.hist(check["eigenvalues"], bins=bins, density=True, alpha=0.5, label="sampled D p")
    ax.plot(check["x"], check["density"], "k-", lw=1.5, label="free prediction")
    ax.set_xlabel("D p")
    ax.set_ylabel("density")
    ax.legend()
    return ax


FACET_FAMILIES = ("holographic", "hypergraph", "stabilizer")


def facet_report(entropies, space, families=FACET_FAMILIES, build=None, label=None) -> pd.DataFrame:
    """Which facet inequalities ``a . S >= 0`` of the cones hold on sampled entropy vectors, and by how much.

    ``entropies`` is an array ``(samples, space.dim)`` (e.g. :attr:`Samples.von_neumann` or an
    annealed vector); ``build(family, n)`` gives the cones (default
    :func:`cones.core.catalogue.build`; in a notebook pass ``cones.build`` to use the store).
    One row per family and facet orbit: the representative, the orbit size, the least value
    of ``a . S`` over the samples and the orbit's facets, the least value divided by the
    entropy scale ``max S``, and how many samples violate some facet of the orbit
    (beyond ``1e-9`` relative round-off).

    >>> import numpy as np
    >>> from cones.space import EntropySpace
    >>> table = facet_report(np.array([[1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 1.0]]), EntropySpace(3), ["holographic"])
    >>> table[["inequality", "violations"]].values.tolist()
    [['S(AB) + S(AC) + S(BC) >= S(A) + S(B) + S(C) + S(ABC)', 0], ['S(C) + S(ABC) >= S(AB)', 0]]
    """
    from cones.core.catalogue import build as catalogue_build
    from cones.expressions import Inequality

    build = build or catalogue_build
    values = np.atleast_2d(np.asarray(entropies, dtype=float))
    if values.shape[1] != space.dim:
        raise ValueError(f"entropy vectors have {values.shape[1]} coordinates, the space {space} has {space.dim}")
    scale = max(float(np.abs(values).max()), 1e-300)
    rows = []
    for family in families:
        cone = build(family, space.n)
        facets = np.asarray(cone.facets, dtype=float)
        slack = values @ facets.T  # samples x facets
        for orbit in cone.facet_orbits:
            members = slack[:, list(orbit.members)]
            least = members.min(axis=1)
            rows.append({"family": family, "label": label, "inequality": str(Inequality(space, orbit.representative)),
                         "orbit size": orbit.size, "least value": float(least.min()),
                         "least / max S": float(least.min()) / scale,
                         "violations": int((least < -1e-9 * scale).sum()), "samples": len(values)})
    return pd.DataFrame(rows)
