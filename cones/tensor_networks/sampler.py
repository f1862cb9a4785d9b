"""Monte Carlo random tensor networks: Gaussian bulk tensors contracted with quimb and cotengra.

Each sample draws every bulk tensor with i.i.d. standard complex Gaussian entries
(``E|V_i|^2 = 1``, the ensemble of :mod:`cones.tensor_networks.replica`), contracts the
network to the boundary state ``psi`` along one cotengra contraction path (found once per
network and reused by every sample), and returns for every region ``A`` the unnormalised
``tr rho`` and ``tr rho_A^m`` and the von Neumann and Rényi entropies of the normalised
``rho_A``.  Sample ``i`` uses the ``i``-th child of ``numpy.random.SeedSequence(seed)``, so
results do not depend on the executor (``polytopes.executors``: serial, processes, Dask).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from polytopes.executors import map_unordered

from cones.tensor_networks.network import Network

DENSE_LIMIT = 1 << 24  # entries of the boundary state psi


@dataclass
class Samples:
    """Sampled entropies: arrays of shape ``(samples, space.dim)`` in the coordinate order.

    ``norms`` is ``tr rho`` per sample; ``moments[m]`` the unnormalised ``tr rho_A^m``;
    ``renyi[m]`` and ``von_neumann`` the entropies (nats) of ``rho_A / tr rho``;
    ``spectra[region]`` the normalised eigenvalues of ``rho_A`` per sample (kept regions only).
    """

    network: Network
    norms: np.ndarray
    von_neumann: np.ndarray
    moments: dict[int, np.ndarray]
    renyi: dict[int, np.ndarray]
    spectra: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def __len__(self):
        return len(self.norms)

    def mean_moment(self, m: int = 2) -> tuple[np.ndarray, np.ndarray]:
        """Sample mean of the unnormalised ``tr rho_A^m`` and its standard error, per region."""
        values = self.moments[m]
        return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(len(values))


def tensor_network(network: Network, rng: np.random.Generator):
    """The quimb ``TensorNetwork`` of one sample and its output indices grouped by boundary vertex."""
    import quimb.tensor as qtn

    tensors, legs = [], {x: [] for x in network.vertices}
    for k, link in enumerate(network.links):
        ends = (f"l{k}u", f"l{k}v")
        tensors.append(qtn.Tensor(np.diag(np.sqrt(np.asarray(link.spectrum, dtype=float))), inds=ends))
        legs[link.u].append((ends[0], link.dimension))
        legs[link.v].append((ends[1], link.dimension))
    for x in network.bulk:
        if not legs[x]:
            continue
        shape = [d for _, d in legs[x]]
        data = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / np.sqrt(2)
        tensors.append(qtn.Tensor(data, inds=[i for i, _ in legs[x]]))
    outputs = [[i for i, _ in legs[b]] for b in network.boundary]
    return qtn.TensorNetwork(tensors), outputs


def contraction_path(network: Network, optimize: str | bool = True) -> list:
    """A contraction path for the network: cotengra's hyper-optimised one (``optimize=True``) or the
    naive order (``optimize=False``): bulk vertex after bulk vertex, each tensor and then its
    links not yet taken contracted into the running product."""
    tn, outputs = tensor_network(network, np.random.default_rng(0))
    if not optimize:
        return _naive_path(network, tn.num_tensors)
    saved = random.getstate(), np.random.get_state()
    random.seed(0)  # the search is randomised: seed it so one network always gets the same path
    np.random.seed(0)
    try:
        import cotengra as ctg

        opt = ctg.HyperOptimizer(methods=["greedy"], max_repeats=32, parallel=False, progbar=False)
        return list(tn.contraction_tree(optimize=opt, output_inds=[i for o in outputs for i in o]).get_path())
    finally:
        random.setstate(saved[0])
        np.random.set_state(saved[1])


def _naive_path(network: Network, count: int) -> list:
    """Path (opt_einsum convention) contracting the tensors in the vertex-by-vertex order."""
    links = len(network.links)  # tensors 0..links-1 are the links, then the non-isolated bulk tensors
    bulk = [x for x in network.bulk if any(x in (l.u, l.v) for l in network.links)]
    order, taken = [], set()
    for t, x in enumerate(bulk):
        order.append(links + t)
        for k, link in enumerate(network.links):
            if x in (link.u, link.v) and k not in taken:
                taken.add(k)
                order.append(k)
    order += [k for k in range(links) if k not in taken]
    current, path = list(range(count)), []
    for step, tensor in enumerate(order[1:]):
        first = current.index(order[0]) if step == 0 else len(current) - 1
        pair = tuple(sorted((first, current.index(tensor))))
        path.append(pair)
        current = [c for i, c in enumerate(current) if i not in pair] + [-1 - step]
    return path


def boundary_state(network: Network, rng: np.random.Generator, path=None) -> np.ndarray:
    """One sampled ``psi`` as an array with one axis per boundary vertex ``A, B, .., O``."""
    dims = [network.boundary_dimension(b) for b in network.boundary]
    if np.prod(dims, dtype=float) > DENSE_LIMIT:
        raise ValueError(f"the boundary state has {int(np.prod(dims, dtype=object))} entries, more than {DENSE_LIMIT}")
    tn, outputs = tensor_network(network, rng)
    flat = [i for o in outputs for i in o]
    if tn.num_tensors == 1:
        data = tn.tensors[0].transpose(*flat).data
    else:
        data = tn.contract(output_inds=flat, optimize=path if path is not None else "auto").data
    return np.asarray(data).reshape(dims)


def region_spectrum(psi: np.ndarray, mask: int) -> np.ndarray:
    """Eigenvalues of the unnormalised ``rho_A`` (``A`` = the axes whose bits are set in ``mask``)."""
    inside = [a for a in range(psi.ndim) if mask >> a & 1]
    outside = [a for a in range(psi.ndim) if not mask >> a & 1]
    rows = int(np.prod([psi.shape[a] for a in inside], dtype=int))
    matrix = np.transpose(psi, inside + outside).reshape(rows, -1)
    return np.linalg.svd(matrix, compute_uv=False) ** 2


def _entropies(p: np.ndarray, orders) -> tuple[float, dict[int, float]]:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum()), {m: float(np.log((p ** m).sum()) / (1 - m)) for m in orders}


class _OneSample:
    """Picklable worker: the entropies of the sample drawn from one seed."""

    def __init__(self, network, path, orders, keep):
        self.network, self.path, self.orders, self.keep = network, path, orders, keep

    def __call__(self, seed):
        psi = boundary_state(self.network, np.random.default_rng(seed), self.path)
        norm = float(np.vdot(psi, psi).real)
        out = {"norm": norm, "vn": [], "moments": {m: [] for m in self.orders}, "renyi": {m: [] for m in self.orders},
               "spectra": {}}
        for mask in self.network.space.masks:
            eig = region_spectrum(psi, int(mask))
            vn, renyi = _entropies(eig / norm, self.orders)
            out["vn"].append(vn)
            for m in self.orders:
                out["moments"][m].append(float((eig ** m).sum()))
                out["renyi"][m].append(renyi[m])
        for region, mask in self.keep.items():
            out["spectra"][region] = np.sort(region_spectrum(psi, mask))[::-1] / norm
        return out


def sample(network: Network, samples: int = 100, seed: int = 0, orders=(2, 3), keep=(), executor=None,
           optimize: bool = True, progress: bool = True) -> Samples:
    """Draw ``samples`` Gaussian networks; entropies for every region, spectra for the ``keep`` regions.

    >>> net = Network(1, [("A", "x", 2), ("x", "O", 2)])
    >>> out = sample(net, 20, seed=1, progress=False)
    >>> out.von_neumann.shape, bool(np.all(out.von_neumann <= np.log(2) + 1e-12))
    ((20, 1), True)
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}")
    orders = tuple(int(m) for m in orders)
    if any(m < 2 for m in orders):
        raise ValueError(f"Rényi orders must be integers >= 2, got {orders}")
    keep = {str(r): network.region_mask(r) for r in keep}
    path = contraction_path(network, optimize) if len(network.links) + len(network.bulk) > 1 else None
    worker = _OneSample(network, path, orders, keep)
    seeds = list(enumerate(np.random.SeedSequence(seed).spawn(samples)))
    results = [None] * samples
    bar = tqdm(total=samples, desc="RTN samples", disable=not progress, leave=False)
    for (index, _), value in map_unordered(_Indexed(worker), seeds, executor):
        results[index] = value
        bar.update()
    bar.close()
    return Samples(
        network=network,
        norms=np.array([r["norm"] for r in results]),
        von_neumann=np.array([r["vn"] for r in results]),
        moments={m: np.array([r["moments"][m] for r in results]) for m in orders},
        renyi={m: np.array([r["renyi"][m] for r in results]) for m in orders},
        spectra={region: [r["spectra"][region] for r in results] for region in keep},
    )


class _Indexed:
    """Picklable ``(i, seed) -> worker(seed)``."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, pair):
        return self.fn(pair[1])
