"""Check 4: repetition."""

from bureau.proofread import proofread


def repetitions(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in proofread(text, names=[]) if f.check == "repetition"]


def test_a_phrase_written_twice_back_to_back():
    assert repetitions("据统计，据统计，全县参与的科技人员有300多人次。") == [("据统计，据统计", "据统计")]
    assert repetitions("对全县20232023年度获奖单位进行表彰。") == [("20232023", "2023")]


def test_a_word_around_the_week_it_names():
    assert repetitions("科技活动周活动期间") == [("活动周活动", "活动周")]


def test_chinese_reduplication_is_not_a_repetition():
    assert repetitions("一步一步推进，一级抓一级，层层抓落实，常常深入基层。") == []
    assert repetitions("据统计，全县参与的科技人员有300多人次。") == []


def test_a_sentence_repeated_in_a_section():
    sentence = "今年共申报国家和省级科技项目6项。"
    found = proofread(f"{sentence}获批2项。{sentence}", names=[])
    assert [(f.check, f.start, f.suggestion) for f in found] == [("repetition", len(sentence) + 5, "")]
    assert repetitions(f"{sentence}获批2项。") == []


def test_a_confusable_repetition_is_reported_once():
    (finding,) = proofread("鼓励企业和民间专利人创造创造。", names=[])
    assert (finding.check, finding.suggestion) == ("confusable", "发明创造")
