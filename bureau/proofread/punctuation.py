"""Check 2: punctuation per GB/T 15834 (character classes from zhon).

Half-width marks among Chinese text, unbalanced paired marks, titles in ?…? or "…" where 《》 belong, 、 between
titles, doubled or missing 。, and "5.12" for “5·12”.
"""

import re

from zhon import hanzi

from .findings import Document, Finding

_HAN = f"[{hanzi.characters}]"
_CN_PUNCT = f"[{re.escape(hanzi.punctuation)}]"
_CN = f"(?:{_HAN}|{_CN_PUNCT})"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
# A half-width mark touching Chinese on the side that matters: "(" opens Chinese, ")" closes it, the rest follow
# Chinese ("5月,XX普正") or precede it after a figure ("共申报6项,其中1项").
_HALF_WIDTH = re.compile(rf"(?<={_CN})[,;:?!](?=\S)|(?<=[0-9%”’）)])[,;:?!](?=\s*{_HAN})|\((?=\s*{_HAN})|(?<={_HAN})\)")
_AFTER_TITLE = re.compile(r"[,;:!]")
# A title between ? ? (what a bad tool makes of 《》) or between ASCII double quotes.
_QUESTION_TITLE = re.compile(r"\?([^?\n。！!；;，,？]{2,80}?)\?")
_ASCII_QUOTED = re.compile(r'"([^"\n]{1,80}?)"')
# What a title usually ends with; a "…" quotation ending so, after a count or a naming verb, is a title.
_TITLE_END = (
    "办法",
    "规定",
    "条例",
    "意见",
    "通知",
    "方案",
    "规划",
    "纲要",
    "计划",
    "报告",
    "决定",
    "细则",
    "标准",
    "研究",
    "示范",
    "开发",
    "产业化",
    "应用",
    "推广",
    "技术",
    "注射液",
    "胶囊",
    "颗粒",
    "制剂",
)
_TITLE_LEAD = re.compile(
    r"(?:\d+|[一二三四五六七八九十两])(?:项|个|部|件)$|(?:项目|课题|题为|名为|制定了?|印发了?|出台了?)$"
)
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
_MARK_NAMES = {
    "“": "前引号“",
    "”": "后引号”",
    "‘": "前单引号‘",
    "’": "后单引号’",
    "《": "前书名号《",
    "》": "后书名号》",
    "（": "前括号（",
    "）": "后括号）",
}


def _unpaired(mark: str) -> str:
    other = _PAIRS.get(mark) or _CLOSERS[mark]
    return f"{_MARK_NAMES[mark]}没有对应的{_MARK_NAMES[other]}"


_SENTENCE_END = "。！？\n"
# The longest quotation whose closing mark a bad tool may have turned into an opening one.
_SHORT_QUOTE = 8
_DOUBLED_STOP = re.compile(r"。{2,}|[，、；：]。|。[，、；：]")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[、.．]|第[一二三四五六七八九十]+)"
)
# A month.day written with the decimal point, in quotation marks or before what events are named for
# ("5.12防灾减灾日", "9.18事变"); a decimal before a unit ("2.5公里", "3.5万份") is not one.
_EVENT_DATE = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\.([1-2]\d|3[01]|[1-9])(?![\d.])")
_EVENT_WORDS = (
    "防灾减灾",
    "汶川",
    "地震",
    "大地震",
    "特大",
    "事件",
    "事变",
    "惨案",
    "国际",
    "纪念",
    "晚会",
    "消费者权益",
    "植树节",
    "宪法日",
    "全国",
    "世界",
)


def _titles(text: str) -> list[tuple[int, int, str]]:
    """Spans of titles written in ?…? or "…": (start, end, title)."""
    spans = [(m.start(), m.end(), m.group(1)) for m in _QUESTION_TITLE.finditer(text)]
    for match in _ASCII_QUOTED.finditer(text):
        title = match.group(1)
        lead = text[max(0, match.start() - 6) : match.start()]
        if title.endswith(_TITLE_END) and _TITLE_LEAD.search(lead):
            spans.append((match.start(), match.end(), title))
    return sorted(spans)


def _title_findings(document: Document, titles) -> list[Finding]:
    found = []
    for start, end, title in titles:
        message = f"标题“{title}”应使用书名号《》"
        found.append(document.finding("punctuation", "title-marks", start, end, message, f"《{title}》"))
    return found


def _half_width(document: Document, titles) -> list[Finding]:
    title_marks = {offset for start, end, _ in titles for offset in (start, end - 1)}
    after_titles = [m for _, end, _ in titles if (m := _AFTER_TITLE.match(document.text, end))]
    found = []
    for match in sorted([*_HALF_WIDTH.finditer(document.text), *after_titles], key=lambda m: m.start()):
        mark = match.group()
        if match.start() in title_marks:
            continue
        message = f"中文中的半角“{mark}”应为全角“{FULL_WIDTH[mark]}”"
        found.append(
            document.finding("punctuation", "half-width", match.start(), match.end(), message, FULL_WIDTH[mark])
        )
    return found


def _ascii_quotes(document: Document, titles) -> list[Finding]:
    """ASCII double quotes around Chinese (not a title, which has its own finding) become “”."""
    inside_titles = [(start, end) for start, end, _ in titles]
    found = []
    for match in _ASCII_QUOTED.finditer(document.text):
        if any(start <= match.start() < end for start, end in inside_titles):
            continue
        if not re.search(_HAN, match.group(1)):
            continue
        message = "中文应使用全角引号“”"
        suggestion = f"“{match.group(1)}”"
        found.append(document.finding("punctuation", "ascii-quotes", match.start(), match.end(), message, suggestion))
    return found


def _balance(document: Document) -> list[Finding]:
    """Unclosed or unopened “” ‘’ 《》 （）, within a sentence (a quoted sentence keeps its 。 inside: 。”)."""
    text = document.text
    found = []
    stack: list[tuple[str, int]] = []

    def unclosed():
        for opener, offset in stack:
            found.append(document.finding("punctuation", "unclosed", offset, offset + 1, _unpaired(opener), None))
        stack.clear()

    for offset, char in enumerate(text):
        if char in _SENTENCE_END and not (offset + 1 < len(text) and text[offset + 1] in _CLOSERS):
            unclosed()
            continue
        if (char not in _PAIRS and char not in _CLOSERS) or document.masked(offset, offset + 1):
            continue
        if char == "“" and stack and stack[-1][0] == "“":
            opened = stack.pop()[1]
            between = text[opened + 1 : offset]
            if len(between) <= _SHORT_QUOTE and not re.search(_CN_PUNCT, between):
                # A second “ right after a short quotation: its closing mark written as an opening one ("“引智“活动").
                message = "引号不成对：此处应为后引号”"
                found.append(document.finding("punctuation", "quote-direction", offset, offset + 1, message, "”"))
                continue
            # Farther on it opens a new quotation, and the first one was never closed.
            found.append(document.finding("punctuation", "unclosed", opened, opened + 1, _unpaired("“"), None))
        if char in _PAIRS:
            stack.append((char, offset))
        elif stack and stack[-1][0] == _CLOSERS[char]:
            stack.pop()
        elif any(opener == _CLOSERS[char] for opener, _ in stack):
            while stack[-1][0] != _CLOSERS[char]:  # the marks opened since are the unclosed ones
                opener, position = stack.pop()
                found.append(
                    document.finding("punctuation", "unclosed", position, position + 1, _unpaired(opener), None)
                )
            stack.pop()
        else:
            found.append(document.finding("punctuation", "unopened", offset, offset + 1, _unpaired(char), None))
    unclosed()
    return found


def _series_comma(document: Document, titles) -> list[Finding]:
    """GB/T 15834 4.5.3.5: no 、 between titles (《甲》《乙》), in 《》 or in ?…? alike."""
    text = document.text
    ends = {end for _, end, _ in titles}
    starts = {start for start, _, _ in titles}
    found = []
    for match in re.finditer("、", text):
        offset = match.start()
        after_title = text[offset - 1 : offset] == "》" or offset in ends
        before_title = text[offset + 1 : offset + 2] == "《" or offset + 1 in starts
        if after_title and before_title:
            message = "书名号之间的并列不用顿号"
            found.append(document.finding("punctuation", "series-comma", offset, offset + 1, message, ""))
    return found


def _full_stops(document: Document) -> list[Finding]:
    text = document.text
    found = []
    for match in _DOUBLED_STOP.finditer(text):
        message = f"“{match.group()}”标点重复"
        found.append(document.finding("punctuation", "doubled-stop", match.start(), match.end(), message, "。"))
    offset = 0
    for paragraph in text.split("\n"):
        body = paragraph.rstrip()
        # A paragraph of prose ends with its mark; a heading ("一、工作开展情况") and a short line need none.
        if len(body) >= 30 and not _HEADING.match(body) and re.fullmatch(_HAN, body[-1]):
            end = offset + len(body)
            message = "段末缺少句号"
            found.append(document.finding("punctuation", "missing-stop", end - 1, end, message, f"{body[-1]}。"))
        offset += len(paragraph) + 1
    return found


def _event_dates(document: Document) -> list[Finding]:
    text = document.text
    found = []
    for match in _EVENT_DATE.finditer(text):
        date = f"{match.group(1)}·{match.group(2)}"
        quoted = text[match.start() - 1 : match.start()] == "“"
        if not quoted and not text.startswith(_EVENT_WORDS, match.end()):
            continue
        suggestion = date if quoted else f"“{date}”"
        message = f"用月日表示的事件名称用间隔号并加引号：{suggestion if not quoted else f'“{date}”'}"
        found.append(document.finding("punctuation", "event-date", match.start(), match.end(), message, suggestion))
    return found


def check(document: Document) -> list[Finding]:
    titles = _titles(document.text)
    return [
        *_title_findings(document, titles),
        *_half_width(document, titles),
        *_ascii_quotes(document, titles),
        *_balance(document),
        *_series_comma(document, titles),
        *_full_stops(document),
        *_event_dates(document),
    ]
