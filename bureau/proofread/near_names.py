"""Check 5: names against the ledger: a unit, programme or title close to a ledger name but not equal to it.

Candidates are the titles the text quotes (《》, ?…?, “”) and the runs of characters ending as names of units
and programmes end (…有限公司, …药业, …大学, …计划); each is compared with the ledger's names by rapidfuzz.
Exact ledger names are masked before (engine.py) and never flagged.
"""

import re

from rapidfuzz import fuzz, process

from .findings import Document, Finding

_QUOTED = re.compile(r"《([^《》\n]{2,80})》|\?([^?\n。，,]{2,80})\?|“([^“”\n]{2,40})”")
_NAME_ENDS = (
    "股份有限公司",
    "有限公司",
    "公司",
    "药业",
    "制药",
    "科技",
    "集团",
    "大学",
    "学院",
    "研究院",
    "研究所",
    "中心",
    "医院",
    "合作社",
    "基地",
    "工作站",
    "实验室",
    "计划",
    "专项",
    "基金",
    "工程",
)
# A name ending here would go on ("科技" in "科技局", "科技计划"): not the end of a candidate.
_NAME_END = re.compile(f"(?:{'|'.join(_NAME_ENDS)})(?![局厅委院所站心司会社部处办馆]|方案|计划)")
# What never belongs to a name: punctuation, and the little words that join names to the sentence.
_NOT_IN_NAME = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|[和与及等的了在对由为将把被从向是共各]")
_LONGEST = 24
_SHORT = 5
_SHORTEST = 4
# Similar enough to be a misspelt ledger name: Indel similarity in percent. Below 88 the two must also begin
# alike ("普正药业" for "普正制药"), or "中南大学" would be taken for "中山大学".
_CLOSE = 75
_VERY_CLOSE = 88


def _match(candidate: str, names: list[str]) -> str | None:
    best = process.extractOne(candidate, names, scorer=fuzz.ratio, score_cutoff=_CLOSE)
    if best is None:
        return None
    name, score, _ = best
    # A short candidate of another length is an abbreviation or a part ("XX科技" of "XX县科技局"), not a misspelling.
    if len(candidate) <= _SHORT and len(name) != len(candidate):
        return None
    # A ledger name inside the candidate is the name itself, with words of the sentence around it.
    if name in candidate or (score < _VERY_CLOSE and name[:2] != candidate[:2]):
        return None
    return name


def _candidates(document: Document):
    """(start, end) of every span that may name a unit, programme or title."""
    text = document.text
    for match in _QUOTED.finditer(text):
        group = next(i for i in (1, 2, 3) if match.group(i))
        yield match.span(group)
    for match in _NAME_END.finditer(text):
        end = match.end()
        start = end
        while start > max(0, end - _LONGEST) and not _NOT_IN_NAME.match(text[start - 1]):
            start -= 1
        yield start, end


def check(document: Document, names: list[str]) -> list[Finding]:
    names = [name for name in names if len(name) >= _SHORTEST]
    if not names:
        return []
    text = document.text
    found: dict[tuple[int, int], Finding] = {}
    for start, end in _candidates(document):
        # The run may begin with words that are not the name ("组织普正药业"): try it from each character on.
        for begin in range(start, end - _SHORTEST + 1):
            if document.masked(begin, end) or any(begin < e and s < end for s, e in found):
                continue
            candidate = text[begin:end]
            if name := _match(candidate, names):
                message = f"“{candidate}”与台账中的名称“{name}”不一致"
                found[(begin, end)] = document.finding("name", "ledger", begin, end, message, name)
                break
    return list(found.values())
