"""Check 5: names against the ledger: a unit, programme or title close to a ledger name but not equal to it.

Candidates are the titles the text quotes (《》, ?…?, “”) and the runs of characters ending as names of units
and programmes end (…有限公司, …药业, …大学, …计划); each is compared with the ledger's names by rapidfuzz.
Exact ledger names are masked before (engine.py) and never flagged.
"""

import re
from collections import defaultdict
from functools import lru_cache

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


class NameIndex:
    """The ledger's names by their first two characters and by their second and third.

    A misspelt name keeps at least one of the two pairs, or differs from the candidate by a character inserted or
    dropped at its start, so four look-ups give the few names worth comparing instead of every name (bench row
    "proofread 10,000 characters": comparing each candidate with all 7,000 names of the synthetic ledger took
    1.3 s). Built once per list of names (`index_for`).
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self.head: dict[str, list[str]] = defaultdict(list)
        self.second: dict[str, list[str]] = defaultdict(list)
        for name in names:
            if len(name) >= _SHORTEST:
                self.head[name[:2]].append(name)
                self.second[name[1:3]].append(name)

    def __bool__(self) -> bool:
        return bool(self.head)

    def near(self, candidate: str) -> list[str]:
        """Names that may be within _VERY_CLOSE of the candidate, and every name that begins as it does."""
        found = [
            *self.head.get(candidate[:2], ()),
            *self.second.get(candidate[1:3], ()),  # the first character replaced
            *self.head.get(candidate[1:3], ()),  # a character put before the name
            *self.second.get(candidate[:2], ()),  # the name's first character dropped
        ]
        return list(dict.fromkeys(found))


@lru_cache(maxsize=4)
def index_for(names: tuple[str, ...]) -> NameIndex:
    return NameIndex(names)


def _match(candidate: str, index: NameIndex) -> str | None:
    near = index.near(candidate)
    if not near:
        return None
    best = process.extractOne(candidate, near, scorer=fuzz.ratio, score_cutoff=_CLOSE)
    if best is None:
        return None
    name, score, _ = best
    # A short candidate of another length is an abbreviation or a part ("XX科技" of "XX县科技局"), not a misspelling.
    if len(candidate) <= _SHORT and len(name) != len(candidate):
        return None
    # A ledger name inside the candidate is the name itself, with words of the sentence around it; a candidate
    # inside a ledger name is a shortening of it ("XX新天地药业" for "XX新天地药业有限公司"), not a misspelling.
    if name in candidate or candidate in name or (score < _VERY_CLOSE and name[:2] != candidate[:2]):
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
    index = index_for(tuple(names))
    if not index:
        return []
    text = document.text
    found: dict[tuple[int, int], Finding] = {}
    for start, end in _candidates(document):
        # The run may begin with words that are not the name ("组织普正药业"): try it from each character on.
        for begin in range(start, end - _SHORTEST + 1):
            if document.masked(begin, end) or any(begin < e and s < end for s, e in found):
                continue
            candidate = text[begin:end]
            if name := _match(candidate, index):
                message = f"“{candidate}”与台账中的名称“{name}”不一致"
                found[(begin, end)] = document.finding("name", "ledger", begin, end, message, name)
                break
    return list(found.values())
