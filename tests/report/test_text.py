"""How the report joins titles, names and clauses (GB/T 15834)."""

from bureau.report import text as t


def test_titles_have_no_dunhao_between_them_and_are_never_doubled():
    assert t.titles(["甲"]) == "《甲》"
    assert t.titles(["甲", "乙"]) == "《甲》和《乙》"
    assert t.titles(["甲", "乙", "丙"]) == "《甲》《乙》和《丙》"
    assert t.titles(["《甲》", "乙", "甲"]) == "《甲》和《乙》"
    assert t.titles([]) == ""


def test_quoted_names_join_like_titles():
    assert t.quoted(["甲会", "乙会"]) == "“甲会”和“乙会”"


def test_a_list_of_clauses_with_their_own_dunhao_is_joined_with_semicolons():
    assert t.series(["A1项", "B2项"]) == "A1项、B2项"
    assert t.series(["甲、乙获批A", "丙获批B"]) == "甲、乙获批A；丙获批B"
