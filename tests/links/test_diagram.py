"""Link diagrams for linking matrices, checked by spherogram; certificates survive JSON."""

import numpy as np
import pytest

from cones.core.certificate_kinds import certificate_from_json, certificate_to_json
from cones.links import link_diagram


def test_random_linking_matrices_have_diagrams():
    rng = np.random.default_rng(2)
    for _ in range(8):
        m = int(rng.integers(2, 6))
        upper = np.triu(rng.integers(-3, 4, size=(m, m)), 1)
        matrix = upper + upper.T
        diagram = link_diagram(matrix.tolist())
        assert diagram.verify() and np.array(diagram.linking).tolist() == matrix.tolist()


def test_a_tampered_certificate_fails_and_json_round_trips():
    diagram = link_diagram([[0, 1, -2], [1, 0, 0], [-2, 0, 0]])
    again = certificate_from_json(certificate_to_json(diagram))
    assert again == diagram and again.verify()
    wrong = type(diagram)(diagram.pd_code, diagram.components, ((0, 1, 2), (1, 0, 0), (2, 0, 0)))
    assert not wrong.verify()
    with pytest.raises(ValueError, match="two components"):
        link_diagram([[0]])
