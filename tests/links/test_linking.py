"""Links from linking matrices, PD codes, braids and the tables; bad input."""

import pytest

from cones.links import Link


def test_named_links_have_their_linking_numbers():
    assert Link.named("hopf", [0, 1]).linking.tolist() in ([[0, 1], [1, 0]], [[0, -1], [-1, 0]])
    assert not Link.named("whitehead", [0, 1]).linking.any()  # linking number 0, yet not split
    borromean = Link.named("borromean", [0, 1, 2])
    assert borromean.components == 3 and not borromean.linking.any()


def test_braid_and_pd_code_agree():
    link = Link.from_braid([1, 1, 1, 1], [0, 1])  # the (2, 4) torus link: linking number 2
    assert abs(int(link.linking[0, 1])) == 2
    again = Link.from_pd(link.pd_code, [0, 1])
    assert again.linking.tolist() == link.linking.tolist()


def test_regions_and_blocks():
    link = Link.from_matrix([[0, 1, 2], [1, 0, 3], [2, 3, 0]], parties=[0, 1, 2])
    assert link.n == 2 and link.block(0b01).tolist() == [[1, 2]]
    assert link.block(0b11).tolist() == [[2], [3]]


def test_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        Link.from_matrix([[0, 1], [2, 0]])
    with pytest.raises(ValueError, match="integers"):
        Link.from_matrix([[0, 0.5], [0.5, 0]])
    with pytest.raises(ValueError, match="party labels"):
        Link.from_matrix([[0, 1], [1, 0]], parties=[0, 3], n=1)
    with pytest.raises(ValueError, match="components but"):
        Link.from_matrix([[0, 1], [1, 0]], parties=[0, 1, 1])
    with pytest.raises(ValueError, match="unknown link"):
        Link.named("no-such-link")
    with pytest.raises(ValueError, match="not a valid PD code"):
        Link.from_pd([(1, 2, 3, 4)])
    with pytest.raises(ValueError, match="not a valid PD code"):
        Link.from_pd([(0, 1, 1)])
    with pytest.raises(ValueError, match="braid word"):
        Link.from_braid([1, 0, 2])
