"""The engine on any text: findings point at their span, in order, with a line and column that find it again."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bureau.proofread import CHECKS, proofread

# Text made of what the checks look at: Chinese words of the rules, figures, letters, both widths of punctuation.
PIECES = st.sampled_from(
    [
        "开展",
        "发展",
        "经济社会",
        "方案",
        "科技",
        "气氛",
        "营造",
        "据统计",
        "活动周",
        "活动",
        "8O",
        "80",
        "5.12",
        "3.5",
        "万元",
        "以上",
        "干部",
        "比重为",
        "%",
        "三项",
        "6项",
        "普正药业",
        "普正制药",
        "《",
        "》",
        "“",
        "”",
        "（",
        "）",
        "(",
        ")",
        "?",
        '"',
        ",",
        "，",
        "、",
        "。",
        "\n",
        " ",
        "XX",
        "党的十九大精神",
    ]
)
NAMES = ["XX普正制药股份有限公司", "普正制药", "省星火计划"]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_any_text_gives_findings_that_point_at_their_span(text):
    findings = proofread(text, names=NAMES)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.check))
    lines = text.split("\n")
    for finding in findings:
        assert finding.check in CHECKS
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert lines[finding.line - 1][finding.column - 1 :].startswith(finding.text.split("\n")[0])
        assert finding.key.startswith(f"{finding.check}:") and finding.key.endswith(f":{finding.text}")
        assert finding.message
        # An exact ledger name is never reached into by a finding of another check.
        assert finding.check == "name" or not any(
            name in text[max(0, finding.start - len(name)) : finding.end + len(name)]
            and _cuts(text, name, finding.start, finding.end)
            for name in NAMES
        )


def _cuts(text: str, name: str, start: int, end: int) -> bool:
    """Does the span cut into an occurrence of the name (overlap it without holding it whole)?"""
    position = text.find(name)
    while position != -1:
        name_end = position + len(name)
        if position < end and start < name_end and not (start <= position and name_end <= end):
            return True
        position = text.find(name, position + 1)
    return False


def test_applying_every_suggestion_of_a_clean_fix_leaves_no_finding():
    text = "不断提升科技对全县经济社会开展的奉献率,据统计，据统计，全县8O以上干部和群众接受了宣传。"
    findings = proofread(text, names=[])
    assert all(f.suggestion is not None for f in findings)
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.suggestion + text[finding.end :]
    assert text == "不断提升科技对全县经济社会发展的贡献率，据统计，全县80%以上干部和群众接受了宣传。"
    assert proofread(text, names=[]) == []
