"""Check 3: numbers per GB/T 15835.

Chinese figures where the same kind of count is written in Arabic figures elsewhere in the text, the letter O
for a zero ("8O"), 万元 amounts with more than two decimals, and a percentage without its %.
"""

import re
from collections import defaultdict

from .findings import Document, Finding

# "8O", "2O23", "1O万元": a letter O among digits (not "CO2", not a word).
_LETTER_O = re.compile(r"(?<![A-Za-z\d])\d+[Oo][\dOo]*(?![A-Za-z])")
_WAN_YUAN = re.compile(r"(?<![\d.])(\d+)\.(\d{3,})(?=\s*万元)")
_NUMBER = r"(\d+(?:\.\d+)?)"
# A share named as such, its figure without % ("比重为8.85，"); not "增长2倍", not "3个百分点".
_RATIO_WORD = re.compile(
    rf"(?:比重|占比|比例|百分比|增长率|增幅|降幅|覆盖率|贡献率|合格率|达标率|普及率|完成率|参与率|知晓率)"
    rf"(?:为|是|达|达到|约为|约|仅为|提高到|提升到|下降到)?{_NUMBER}(?![\d.%％‰]|个百分点|倍|\s*[%％])"
)
# "80以上干部和群众": a figure over a share of people with no unit at all between it and 以上.
_SHARE_OF_PEOPLE = re.compile(
    rf"(?<![\d.]){_NUMBER}(?=(?:以上|以下|左右)的?(?:干部|群众|人口|农民|企业|学生|师生|居民|村民|家庭|农户|市民|公众|职工|党员))"
)
# Not 个: "三个方面", "两个责任" are set phrases GB/T 15835 leaves in Chinese figures.
_MEASURES = "项件家名期块次所场份亩篇部台套条"
_ARABIC_COUNT = re.compile(rf"(?<![\d.])\d+(?=[{_MEASURES}])")
# Chinese counts from 二 on: 一 alone is also the indefinite article ("一项长期工作"). Not after 第 (ordinals),
# not approximations (十几个, 三四家, 二十余项, 两三个), not inside quotations of names ("三个代表").
_CHINESE_COUNT = re.compile(
    rf"(?<![第几一二三四五六七八九十两百千“])[二三四五六七八九十两百千][一二三四五六七八九十百千]*(?=[{_MEASURES}])"
)
_DIGIT_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(figure: str) -> int | None:
    """二十三 → 23, 两百 → 200; None for what is not a plain Chinese figure (二三, an approximation)."""
    total, digit = 0, None
    for char in figure:
        if char in _DIGIT_VALUES:
            if digit is not None:
                return None
            digit = _DIGIT_VALUES[char]
        elif char in _UNIT_VALUES:
            total += (1 if digit is None else digit) * _UNIT_VALUES[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _letter_o(document: Document) -> dict[int, Finding]:
    found = {}
    for match in _LETTER_O.finditer(document.text):
        figure = match.group()
        fixed = figure.replace("O", "0").replace("o", "0")
        message = f"“{figure}”中的字母O应为数字0"
        found[match.start()] = document.finding("number", "letter-o", match.start(), match.end(), message, fixed)
    return found


def _percentages(document: Document, text: str, letter_o: dict[int, Finding]) -> list[Finding]:
    """`text` is the document's text with letter O read as 0 (same length), so "8O以上" is seen as "80以上"."""
    found = []
    for pattern in (_RATIO_WORD, _SHARE_OF_PEOPLE):
        for match in pattern.finditer(text):
            start, end = match.span(1)
            figure = text[start:end]
            if pattern is _SHARE_OF_PEOPLE and float(figure) > 100:
                continue
            typo = letter_o.pop(start, None)
            message = f"百分数缺少“%”：“{figure}”应为“{figure}%”"
            if typo and typo.end == end:
                message = f"“{typo.text}”应为“{figure}%”（字母O应为数字0，百分数缺少“%”）"
            elif typo:
                letter_o[start] = typo
            found.append(document.finding("number", "percent-unit", start, end, message, f"{figure}%"))
    return found


def _wan_yuan(document: Document) -> list[Finding]:
    found = []
    for match in _WAN_YUAN.finditer(document.text):
        figure = match.group()
        message = f"以万元计的金额最多保留两位小数：“{figure}万元”"
        found.append(document.finding("number", "wan-yuan-decimals", match.start(), match.end(), message, None))
    return found


def _mixed_figures(document: Document) -> list[Finding]:
    """A kind of count (by its measure word) written in Arabic figures elsewhere: its Chinese figures are flagged."""
    text = document.text
    arabic = defaultdict(int)
    for match in _ARABIC_COUNT.finditer(text):
        arabic[text[match.end()]] += 1
    found = []
    for match in _CHINESE_COUNT.finditer(text):
        measure = text[match.end()]
        if not arabic[measure] or text[match.end() + 1 : match.end() + 2] in ("余", "多"):
            continue
        value = chinese_to_int(match.group())
        if value is None:
            continue
        message = f"同一文中“{measure}”的计数用阿拉伯数字，“{match.group()}{measure}”应为“{value}{measure}”"
        found.append(document.finding("number", "mixed-figures", match.start(), match.end(), message, str(value)))
    return found


def check(document: Document) -> list[Finding]:
    letter_o = _letter_o(document)
    read_as_zero = _LETTER_O.sub(lambda m: m.group().replace("O", "0").replace("o", "0"), document.text)
    percentages = _percentages(document, read_as_zero, letter_o)
    return [*letter_o.values(), *percentages, *_wan_yuan(document), *_mixed_figures(document)]
