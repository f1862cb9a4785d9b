"""Reading states from files for ``cones vector FILE`` and drawing random ones for ``cones sample``.

``FILE`` is JSON, one object with exactly one of

* ``"state": [...]`` amplitudes (numbers, or ``[re, im]`` pairs) with ``"dims": [2, 2, 2]``;
* ``"density": [[...], ...]`` a density matrix (entries as above) with ``"dims"``;
* ``"distribution": nested lists`` a joint distribution, one nesting level per variable;
* ``"tableau": [[...], ...]`` a stabilizer tableau ``(X | Z)`` with optional ``"p"``;
* ``"edges": [[0, 1], ...]`` a graph state with optional ``"qubits"``;

and optional ``"parties"`` (lists of subsystems), ``"alpha"`` (Rényi order).  A ``.npy`` file
holds a state vector or density matrix (``--dims``) or a distribution (``--kind distribution``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from cones.core.state_entropy import haar_random_state, state_entropy_vector
from cones.space import EntropySpace

_KINDS = ("state", "density", "distribution", "tableau", "edges")
_OPTIONAL = {"dims", "parties", "alpha", "p", "qubits"}


def _entry(value, what: str) -> complex:
    if isinstance(value, bool):
        raise ValueError(f"{what}: {value!r} is not a number")
    if isinstance(value, (int, float)):
        return complex(value)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return complex(value[0], value[1])
    if isinstance(value, str):
        try:
            return complex(value.replace(" ", "").replace("i", "j"))
        except ValueError:
            pass
    raise ValueError(f"{what}: entries must be numbers, [re, im] pairs or strings like '0.5-0.5j', got {value!r:.40}")


def _complex_array(value, what: str) -> np.ndarray:
    """A state vector (list of entries) or density matrix (list of rows of entries)."""
    if not isinstance(value, list) or not value:
        raise ValueError(f"{what}: expected a non-empty list")
    if what == "state":
        return np.array([_entry(v, what) for v in value])
    if not all(isinstance(row, list) and len(row) == len(value) for row in value):
        raise ValueError(f"{what}: expected a square list of rows")
    return np.array([[_entry(v, what) for v in row] for row in value])


def read_state_file(path: str, *, dims=None, kind: str | None = None) -> dict:
    """Keywords for :func:`cones.entropy_vector` read from ``path`` (ValueError naming the problem)."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"no such file: {path}")
    if file.suffix == ".npy":
        try:
            array = np.load(file, allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise ValueError(f"{path}: not a numpy .npy array ({exc})") from None
        if kind == "distribution":
            return {"distribution": array}
        return {"state": array, "dims": dims}
    try:
        data = json.loads(file.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object with one of {', '.join(_KINDS)}")
    found = [k for k in _KINDS if k in data]
    unknown = set(data) - set(_KINDS) - _OPTIONAL
    if len(found) != 1 or unknown:
        raise ValueError(f"{path}: expected exactly one of {', '.join(_KINDS)} and optional {', '.join(sorted(_OPTIONAL))}"
                         + (f"; unknown keys {sorted(unknown)}" if unknown else ""))
    key = found[0]
    out = {k: data[k] for k in _OPTIONAL & set(data)}
    if dims is not None:
        out["dims"] = dims
    if key in ("state", "density"):
        out["state"] = _complex_array(data[key], key)
    elif key == "distribution":
        out["distribution"] = np.asarray(data[key], dtype=float)
    else:
        out[key] = data[key]
    return out


def random_vectors(n: int, count: int, dim: int = 2, seed: int | None = None) -> np.ndarray:
    """Entropy vectors of ``count`` Haar-random pure states of ``n + 1`` qudits of dimension
    ``dim`` (qudit ``n`` is the purifier), one row each (floats, bits)."""
    if count < 1 or dim < 2:
        raise ValueError(f"need count >= 1 and local dimension >= 2, got {count} and {dim}")
    EntropySpace(n)
    rng = np.random.default_rng(seed)
    dims = (dim,) * (n + 1)
    parties = [[i] for i in range(n)]
    return np.array([state_entropy_vector(haar_random_state(dims, rng), dims, parties=parties) for _ in range(count)])
