"""Check 3: numbers per GB/T 15835."""

from bureau.proofread import proofread


def numbers(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in proofread(text, names=[]) if f.check == "number"]


def test_letter_o_for_zero():
    assert numbers("共投入1O万元。") == [("1O", "10")]
    assert numbers("2O23年") == [("2O23", "2023")]
    assert numbers("减少CO2排放，推广O2O模式。") == []


def test_letter_o_in_a_share_without_unit_is_one_finding():
    (finding,) = proofread("全县8O以上干部和群众接受了宣传教育。", names=[])
    assert (finding.check, finding.text, finding.suggestion) == ("number", "8O", "80%")
    assert "字母O" in finding.message and "%" in finding.message


def test_percentage_without_its_unit():
    assert numbers("高新技术产业增加值比重为8.85，去年为7.4%。") == [("8.85", "8.85%")]
    assert numbers("全县80以上的干部和群众") == [("80", "80%")]
    assert numbers("比重为8.85%，增长2倍，提高3个百分点，占比达到10.5%。") == []
    assert numbers("拟抓好2个以上省级科技成果鉴定，10个以上企业") == []


def test_wan_yuan_with_more_than_two_decimals():
    assert numbers("增加值15880.456万元。") == [("15880.456", None)]
    assert numbers("增加值15880.4万元，奖励22.50万元。") == []


def test_mixed_chinese_and_arabic_figures_for_one_kind_of_count():
    assert numbers("共申报项目6项，获批三项。") == [("三", "3")]
    assert numbers("共申报项目6项，获批十二项。") == [("十二", "12")]
    assert numbers("获批三项，组织二十余家企业参加。") == []  # no Arabic count of 项; 余 is an approximation
    assert numbers("共6项，十几个单位参加，第三项获奖，一项长期工作，三四家企业。") == []


def test_set_phrases_with_chinese_figures_are_left():
    assert numbers("从三个方面推进，落实两个责任，共申报5个项目。") == []
