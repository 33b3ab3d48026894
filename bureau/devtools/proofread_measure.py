"""Recall and precision of the proofreader (`manage.py proofread_measure`), on the seed and on injected errors.

The truth is DOMAIN.md's table of the seed's substitutions. On the seed, each table entry is located by the
context it occurs in (`SEED_SUBSTITUTIONS`, written by hand from the seed, not by the proofreader's rules); the
seed's other, reviewed errors (ASCII punctuation, quotation marks never closed …) are listed by rule in
`SEED_OTHER_ERRORS` so that flagging them is not counted as a false finding. On a correct text, the same table
is applied the way the seed's bad tool did it (every occurrence replaced), and every replaced span is the truth.
"""

import re
from dataclasses import dataclass, field

from bureau.proofread.engine import proofread
from bureau.proofread.findings import Finding

# (context in the seed, the wrong word inside it): every occurrence of the context is one substitution.
SEED_SUBSTITUTIONS = [
    ("经济社会开展的奉献率", "开展"),
    ("产业开展需求", "开展"),
    ("振兴开展在线", "开展"),
    ("产业开展加快", "开展"),
    ("促进经济社会开展", "开展"),
    ("科技开展水平", "开展"),
    ("科学开展观", "开展"),
    ("经济社会开展。", "开展"),
    ("产业开展需要", "开展"),
    ("2023年工作方案", "工作方案"),
    ("科技方案项目", "方案"),
    ("星火方案", "方案"),
    ("引导类科技方案", "方案"),
    ("培养对象方案", "方案"),
    ("新产品方案", "方案"),
    ("推进方案", "方案"),
    ("该项方案", "方案"),
    ("火炬方案", "方案"),
    ("科技方案衔接", "方案"),
    ("效劳", "效劳"),
    ("根底", "根底"),
    ("原那么", "原那么"),
    ("问题和缺乏", "缺乏"),
    ("动力缺乏", "缺乏"),
    ("投入缺乏", "缺乏"),
    ("局部", "局部"),
    ("到达", "到达"),
    ("奉献率", "奉献率"),
    ("催促", "催促"),
    ("创造创造", "创造创造"),
    ("气氛", "气氛"),
    ("广阔农村", "广阔农村"),
    ("8O以上", "8O"),
]
# ?…? around titles (every ? of the seed is one of a pair around a title).
SEED_TITLE = re.compile(r"\?[^?]+\?")
# The seed's other errors, reviewed by hand: the rules whose every finding in the seed is a real error.
SEED_OTHER_ERRORS = {
    "punctuation:half-width": "the seed's ASCII , and ; are all between Chinese text",
    "punctuation:unclosed": "the seed has no ” at all: every “ is left open",
    "punctuation:quote-direction": "“引智“活动",
    "punctuation:series-comma": "、 between titles",
    "punctuation:event-date": "5.12防灾减灾日",
    "repetition:twice": "据统计，据统计 and 20232023年度",
    "formulation:党的十九大和十九届": "a 2023 summary guided by 十九大 (the 二十大 was in October 2022)",
    "formulation:十九届六中全会精神": "the same, in the 2024 plan",
}
# DOMAIN.md's table, as the bad tool applied it to correct text (means → seed says).
TABLE = [
    ("发明创造", "创造创造"),
    ("贡献率", "奉献率"),
    ("广大农村", "广阔农村"),
    ("发展", "开展"),
    ("计划", "方案"),
    ("服务", "效劳"),
    ("基础", "根底"),
    ("原则", "原那么"),
    ("不足", "缺乏"),
    ("部分", "局部"),
    ("达到", "到达"),
    ("督促", "催促"),
    ("氛围", "气氛"),
    ("80%", "8O"),
]
_TITLE = re.compile(r"《([^《》]+)》")


def seed_text(raw: str) -> str:
    """The seed as one text: the scan's page numbers ("1、" … at line starts) and its line breaks removed."""
    return "".join(re.sub(r"^\d+、", "", line) for line in raw.splitlines())


def seed_truth(text: str) -> list[tuple[int, int]]:
    spans = set()
    for context, wrong in SEED_SUBSTITUTIONS:
        for match in re.finditer(re.escape(context), text):
            start = match.start() + context.index(wrong)
            spans.add((start, start + len(wrong)))
    spans.update(match.span() for match in SEED_TITLE.finditer(text))
    return sorted(spans)


def inject(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The table's substitutions applied to a correct text, every occurrence; returns the text and the spans."""
    pattern = re.compile("|".join([_TITLE.pattern, *(re.escape(right) for right, _ in TABLE)]))
    wrong = dict(TABLE)
    out, spans, position = [], [], 0
    for match in pattern.finditer(text):
        out.append(text[position : match.start()])
        replacement = f"?{match.group(1)}?" if match.group(1) else wrong[match.group()]
        start = sum(map(len, out))
        out.append(replacement)
        spans.append((start, start + len(replacement)))
        position = match.end()
    out.append(text[position:])
    return "".join(out), spans


@dataclass
class Score:
    characters: int
    truth: int
    found: int = 0
    findings: int = 0
    other_errors: int = 0
    false: list[Finding] = field(default_factory=list)
    missed: list[tuple[int, int]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return 1 - len(self.false) / self.findings if self.findings else 1.0

    @property
    def false_per_1000(self) -> float:
        return len(self.false) * 1000 / self.characters


def score(text: str, truth: list[tuple[int, int]], findings: list[Finding], *, other_errors=()) -> Score:
    """A truth span is found when a finding overlaps it; a finding overlapping none, of no reviewed rule, is false."""
    result = Score(characters=len(text), truth=len(truth), findings=len(findings))
    for start, end in truth:
        if any(f.start < end and start < f.end for f in findings):
            result.found += 1
        else:
            result.missed.append((start, end))
    for finding in findings:
        if any(finding.start < end and start < finding.end for start, end in truth):
            continue
        if finding.key.rsplit(":", 1)[0] in other_errors:
            result.other_errors += 1
        else:
            result.false.append(finding)
    return result


def measure_seed(raw: str, *, names=None, year: int = 2023) -> tuple[str, Score]:
    text = seed_text(raw)
    findings = proofread(text, year=year, names=names)
    return text, score(text, seed_truth(text), findings, other_errors=SEED_OTHER_ERRORS)


def measure_injected(correct: str, *, names=None, year: int = 2023) -> tuple[str, Score, list[Finding]]:
    """`correct` should have no finding of its own; those it has are returned, and count as false below."""
    before = proofread(correct, year=year, names=names)
    text, truth = inject(correct)
    return text, score(text, truth, proofread(text, year=year, names=names)), before
