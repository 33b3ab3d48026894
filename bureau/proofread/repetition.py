"""Check 4: repetition: a word or phrase written twice back to back, a sentence written twice in one text."""

import re

from .findings import Document, Finding

# "据统计，据统计", "创造创造", "20232023"; a phrase of two characters only when nothing separates the copies.
_TWICE = re.compile(r"([\u4e00-\u9fff]{3,12})[，,、 ]?\1|([\u4e00-\u9fff]{2})\2|(?<!\d)(\d{4,})\3(?!\d)")
# "活动周活动": a word around a 周/日/月/节 that it already names.
_AROUND = re.compile(r"([\u4e00-\u9fff]{2})([周日月节])\1")
# Reduplications that are Chinese, not mistakes: 一步一步, 一批一批, 研究研究 …
_REDUPLICATED = re.compile(r"^[一每](.)$|^(.)\2$")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]")
# Short sentences ("现将有关情况报告如下。") may well be repeated on purpose.
_MIN_SENTENCE = 10


def _twice(document: Document) -> list[Finding]:
    found = []
    for match in _TWICE.finditer(document.text):
        word = next(group for group in match.groups() if group)
        if _REDUPLICATED.match(word):
            continue
        message = f"“{word}”重复"
        found.append(document.finding("repetition", "twice", match.start(), match.end(), message, word))
    for match in _AROUND.finditer(document.text):
        word, middle = match.groups()
        message = f"“{word}{middle}{word}”中“{word}”重复"
        found.append(document.finding("repetition", "around", match.start(), match.end(), message, f"{word}{middle}"))
    return found


def _sentences(document: Document) -> list[Finding]:
    seen: set[str] = set()
    found = []
    for match in _SENTENCE.finditer(document.text):
        sentence = match.group().strip()
        if len(sentence) < _MIN_SENTENCE:
            continue
        if sentence in seen:
            start = match.start() + match.group().index(sentence)
            message = "与前文重复的句子"
            found.append(document.finding("repetition", "sentence", start, start + len(sentence), message, ""))
        seen.add(sentence)
    return found


def check(document: Document) -> list[Finding]:
    return [*_twice(document), *_sentences(document)]
