"""Check 2: punctuation per GB/T 15834."""

import pytest

from bureau.proofread import proofread


def punctuation(text: str, names=()) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in proofread(text, names=list(names)) if f.check == "punctuation"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一年来,我县科技工作", [(",", "，")]),
        ("主要有三项;一是", [(";", "；")]),
        ("具体如下:一是", [(":", "：")]),
        ("县科技局(县知识产权局)牵头", [("(", "（"), (")", "）")]),
        ("共申报6项,其中1项获批", [(",", "，")]),
    ],
)
def test_half_width_marks_among_chinese(text, expected):
    assert punctuation(text) == expected


@pytest.mark.parametrize("text", ["共1,000件", "时间10:30", "Hemay088 (API)", "第(1)项"])
def test_half_width_marks_among_figures_and_latin_are_left(text):
    assert punctuation(text) == []


def test_title_in_question_marks_becomes_shu_ming_hao():
    assert punctuation("获批项目1项?裸花紫株颗粒二次开发及高新技术产业化?5万元。") == [
        ("?裸花紫株颗粒二次开发及高新技术产业化?", "《裸花紫株颗粒二次开发及高新技术产业化》")
    ]


def test_title_in_ascii_quotes_after_a_count():
    assert punctuation('申报项目1项"烟后秋玉米栽培配套技术试验研究与示范推广"。') == [
        ('"烟后秋玉米栽培配套技术试验研究与示范推广"', "《烟后秋玉米栽培配套技术试验研究与示范推广》")
    ]


def test_ascii_quotes_around_a_quotation_become_chinese_quotes():
    assert punctuation('以"创新创业、科技惠民"为主题。') == [('"创新创业、科技惠民"', "“创新创业、科技惠民”")]


def test_unclosed_and_unopened_marks():
    assert punctuation("以“创新创业科技惠民为主题。") == [("“", None)]
    assert punctuation("获批《现代植物药技术研发项目。") == [("《", None)]
    assert punctuation("主题是科技惠民”。") == [("”", None)]
    assert punctuation("县科技局（牵头单位。") == [("（", None)]


def test_a_quotation_closed_with_an_opening_mark():
    assert punctuation("一是开展了“引智“活动。") == [("“", "”")]


@pytest.mark.parametrize(
    "text",
    [
        "以“创新创业、科技惠民”为主题。",
        "他说：“今年完成了目标。”",
        "《甲》和《乙》",
        "（一）工作思路",
        "贯彻“三个代表”重要思想和‘双联双帮’工作",
    ],
)
def test_balanced_marks_are_left(text):
    assert punctuation(text) == []


def test_dunhao_between_titles():
    assert punctuation("分别是《甲项目》、《乙项目》和《丙项目》。") == [("、", "")]
    assert punctuation("分别是《甲项目》《乙项目》和《丙项目》。") == []
    assert ("、", "") in punctuation("分别是?甲项目研究?、?乙项目研究?。")


def test_doubled_and_missing_full_stop():
    assert punctuation("取得了显著成效。。") == [("。。", "。")]
    assert punctuation("取得了显著成效，。") == [("，。", "。")]
    paragraph = "今年全县科技工作在县委县政府的正确领导下取得了显著成效并圆满完成了年初确定的各项目标任务"
    assert punctuation(paragraph) == [("务", "务。")]
    assert punctuation(paragraph + "。") == []
    assert punctuation("一、工作开展情况\n（一）科技计划项目取得新成效") == []


def test_event_date_uses_the_middle_dot():
    assert punctuation("在5.12防灾减灾日期间") == [("5.12", "“5·12”")]
    assert punctuation("在“5.12”防灾减灾日期间") == [("5.12", "5·12")]
    assert punctuation("在“5·12”防灾减灾日期间，发放资料3.5万份，增长8.85%。") == []


def test_exact_ledger_names_are_never_flagged():
    name = "XX(集团)有限公司"
    assert punctuation(f"组织{name}参加。", names=[name]) == []
    assert punctuation(f"组织{name}参加。") == [("(", "（"), (")", "）")]


def test_a_decimal_before_a_unit_is_not_an_event_date():
    assert punctuation("全长2.5公里，用时1.5小时，升级到3.1版。") == []
    assert punctuation("纪念9.18事变") == [("9.18", "“9·18”")]
