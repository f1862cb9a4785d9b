from cones.space import EntropySpace, subset_masks


def test_order_is_cardinality_then_lexicographic():
    assert EntropySpace(3).coordinate_names == ["A", "B", "C", "AB", "AC", "BC", "ABC"]
    names = EntropySpace(4).coordinate_names
    assert names[:4] == ["A", "B", "C", "D"] and names[4:10] == ["AB", "AC", "AD", "BC", "BD", "CD"]
    assert len(subset_masks(5)) == 31


def test_purifier_stands_for_complement():
    s = EntropySpace(3)
    assert s.coordinate(0b1001) == s.index[0b110]  # AO -> BC
    assert s.coordinate(0b1111) is None
