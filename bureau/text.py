"""Text normalisation shared by every name field and by imports."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# A space touching a CJK character carries no meaning in a Chinese name.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BESIDE_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")


def normalize_name(value: str | None) -> str:
    """Trim, fold full-width forms to half-width (NFKC) and collapse spaces.

    Two names that differ only by spaces or by full-width/half-width forms
    normalise to the same string, so uniqueness holds across those variants.
    Chinese punctuation such as 《》 and 、 is kept: NFKC leaves it alone.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BESIDE_CJK.sub("", text)
