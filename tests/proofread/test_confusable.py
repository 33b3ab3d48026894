"""Check 1: confusable words, wrong only in the context that makes them wrong."""

import pytest

from bureau.proofread import proofread


def confusables(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestion) for f in proofread(text, names=[]) if f.check == "confusable"]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("不断提升科技对全县经济社会开展的贡献率。", "开展", "发展"),
        ("围绕产业开展需求，", "开展", "发展"),
        ("以科学开展观为指导", "开展", "发展"),
        ("高新技术产业开展加快。", "开展", "发展"),
        ("获批省星火方案项目1项", "方案", "计划"),
        ("入选国家创新人才推进方案。", "方案", "计划"),
        ("提供咨询效劳1万人次", "效劳", "服务"),
        ("搞好农业根底建设", "根底", "基础"),
        ("坚持择优支持的原那么", "原那么", "原则"),
        ("二、问题和缺乏", "缺乏", "不足"),
        ("创新动力缺乏，", "缺乏", "不足"),
        ("局部学校还开展了应急演练", "局部", "部分"),
        ("总体到达国内先进水平", "到达", "达到"),
        ("分别到达100件和50件", "到达", "达到"),
        ("提升科技的奉献率", "奉献率", "贡献率"),
        ("催促检查建设进度", "催促", "督促"),
        ("鼓励企业发明人创造创造", "创造创造", "发明创造"),
        ("营造良好的知识产权保护气氛", "气氛", "氛围"),
        ("面向广阔农村、社区和企业", "广阔农村", "广大农村"),
        ("截止10月份，共申请专利15件", "截止", "截至"),
        ("其它单位", "其它", "其他"),
        ("为经济社会发展做出贡献", "做出", "作出"),
        ("帮助企业度过难关", "度过", "渡过"),
        ("及时反应群众的诉求", "反应", "反映"),
    ],
)
def test_wrong_in_context_is_flagged_with_the_right_word(text, wrong, right):
    assert confusables(text) == [(wrong, right)]


@pytest.mark.parametrize(
    "text",
    [
        "开展科技周活动",
        "积极开展技术合作",
        "经济社会发展",
        "深入开展了内容丰富的科普宣传活动",
        "制定实施方案",
        "按照工作方案推进",
        "缺乏资金和人才",
        "局部地区有强降雨",
        "专家到达现场",
        "气氛热烈",
        "截止到10月",
        "报名截止日期为5月1日",
        "作出重要贡献",
        "做出了好成绩",
        "渡过难关",
        "化学反应",
        "及时反映情况",
        "为国效劳",
    ],
)
def test_right_in_context_is_not_flagged(text):
    assert confusables(text) == []


def test_message_names_the_context_and_key_has_no_offset():
    (finding,) = proofread("全县经济社会开展", names=[])
    assert finding.message == "“开展”应为“发展”（经济社会发展）"
    assert finding.key == "confusable:kaizhan-fazhan:开展"
    assert (finding.start, finding.end, finding.line, finding.column) == (6, 8, 1, 7)
    (moved,) = proofread("第一行\n今年全县经济社会开展", names=[])
    assert (moved.key, moved.line, moved.column) == (finding.key, 2, 9)
