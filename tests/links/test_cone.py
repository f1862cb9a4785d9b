"""The link cone: settled for n <= 4, equal to Stab_4 = HC_4 at four parties, every ray with a
checked link diagram; the U(1)_3 link vectors are qutrit ranks of the linking blocks."""

import galois
import numpy as np
import pytest

import cones
from cones.links import LinkRealisation, qutrit_link_matrices, qutrit_link_realisation
from cones.space import EntropySpace


def _gf3_vector(matrix, n):
    """S(X) in units of log 3: the GF(3) rank of the linking block between X and its complement."""
    gf = galois.GF(3)
    space = EntropySpace(n)
    out = []
    for mask in space.masks:
        inside = [c for c in range(n + 1) if mask >> c & 1]
        outside = [c for c in range(n + 1) if not mask >> c & 1]
        out.append(int(np.linalg.matrix_rank(gf(np.asarray(matrix)[np.ix_(inside, outside)] % 3))))
    return tuple(out)


def test_qutrit_link_vectors_are_gf3_ranks():
    matrices = list(qutrit_link_matrices(2))
    assert len(matrices) == 27  # every symmetric 3x3 linking matrix mod 3
    for matrix in matrices[1::5]:
        found = qutrit_link_realisation(matrix, 2)
        assert found.verify() and tuple(found.scale * v for v in found.ray) == _gf3_vector(matrix, 2)


@pytest.mark.parametrize("n, facets, facet_orbits, rays, ray_orbits", [(3, 12, 2, 8, 3), (4, 70, 3, 46, 7)])
def test_the_link_cone_is_settled(n, facets, facet_orbits, rays, ray_orbits):
    cone = cones.build("link", n, run={"progress": False})
    assert cone.status == "settled"
    assert (len(cone.facets), len(cone.facet_orbits), len(cone.rays), len(cone.ray_orbits)) == (facets, facet_orbits, rays, ray_orbits)
    assert len(cone.ray_certificates) == ray_orbits
    for row, link in cone.ray_certificates.items():
        assert isinstance(link, LinkRealisation) and link.verify(row) and link.diagram.pd_code


def test_links_realise_the_stabilizer_and_hypergraph_cones_at_four_parties():
    link4 = cones.build("link", 4, run={"progress": False})
    assert cones.compare(link4, cones.build("stabilizer", 4, run={"progress": False})).equal
    assert cones.compare(link4, cones.build("hypergraph", 4, run={"progress": False})).equal
    versus_graphs = cones.compare(cones.build("holographic", 4, run={"progress": False}), link4)
    assert versus_graphs.a_in_b.holds and versus_graphs.b_in_a.holds is False  # GHZ-like links break MMI


def test_a_loaded_link_cone_is_the_built_one():
    first = cones.build("link", 3, run={"progress": False})
    again = cones.build("link", 3, run={"progress": False})
    assert again.inner == first.inner and again.ray_certificates.keys() == first.ray_certificates.keys()


def test_draw_braid_rejects_generators_off_the_braid():
    from cones.links import draw_braid

    with pytest.raises(ValueError, match="braid generators"):
        draw_braid([1, 3], 3)
