"""Text normalisation shared by every text field, every name field and imports."""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# A space touching a CJK character carries no meaning in a Chinese name.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BESIDE_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
# What pasted text carries but XML 1.0 (so DOCX, and the PDF's text) cannot: C0 controls other than tab and
# line breaks, lone surrogates, U+FFFE/U+FFFF. Word's manual line break (\x0b) and page break (\x0c) become
# line breaks; \r\n and \r become \n.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c]")


def clean_text(value: str) -> str:
    """Drop the characters XML cannot carry and make every line break a \\n; the rest of the text stays as typed."""
    if value.isprintable():  # the common case: no control character at all
        return value
    return _XML_ILLEGAL.sub("", _LINE_BREAK.sub("\n", value))


# Full-width letters, digits and the ideographic space fold to ASCII (ＡＢＣ１２３ → ABC123).
_FOLD_TO_ASCII = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    0x3000: 0x20,
}
# In Chinese text the canonical punctuation is full-width: an ASCII one touching a CJK character becomes full-width.
_ASCII_TO_FULLWIDTH = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_IDEOGRAPH = r"\u3400-\u4dbf\u4e00-\u9fff\u3001-\u303f\uff01-\uff0f\uff1a-\uff20"
_ASCII_PUNCT_BESIDE_CJK = re.compile(rf"(?<=[{_IDEOGRAPH}])[(),:;!?]|[(),:;!?](?=[{_IDEOGRAPH}])")


def normalize_name(value: str | None) -> str:
    """Trim, collapse spaces and fold full-width/half-width variants to one form.

    Two names that differ only by spaces or by full-width/half-width forms normalise
    to the same string, so uniqueness holds across those variants: full-width letters
    and digits become ASCII, and ASCII punctuation inside Chinese text becomes the
    full-width punctuation Chinese writes (计划(康兴东) → 计划（康兴东）). 《》、“” stay.
    """
    return "" if value is None else _normalized(str(value))


# An import normalises the same cell several times (form field, model field, save, history): keep recent results.
@functools.lru_cache(maxsize=65536)
def _normalized(value: str) -> str:
    text = unicodedata.normalize("NFC", clean_text(value)).translate(_FOLD_TO_ASCII)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BESIDE_CJK.sub("", text)
    return _ASCII_PUNCT_BESIDE_CJK.sub(lambda match: _ASCII_TO_FULLWIDTH[match.group()], text)


_SENTENCE_ENDS = "。！？；\n"


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, text[start:end], after) within the sentence holding the span: how a proofreader finding is shown."""
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1
    right = len(text)
    for mark in _SENTENCE_ENDS:
        found = text.find(mark, end)
        if found != -1:
            right = min(right, found + (mark != "\n"))
    return text[left:start].lstrip(), text[start:end], text[end:right].rstrip()
