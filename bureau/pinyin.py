"""Pinyin of Chinese names, for sorting units as a clerk expects and finding them by initials (驰邦药业 → cbyy)."""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]")


def pinyin_key(text: str) -> str:
    """“full initials” in lower case: 上海普正制药 → "shanghaipuzhengzhiyao shpzzy".

    Full pinyin first, so ordering by the key is dictionary order; the initials after a space, so a
    search for a term finds either without matching across the two. Letters and digits in the
    name (XX, 3D) are kept in both; punctuation and spaces are dropped.
    """
    text = unicodedata.normalize("NFKC", text or "")
    full = "".join(lazy_pinyin(text))
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))
    return f"{NOT_LETTER_OR_DIGIT.sub('', full.lower())} {NOT_LETTER_OR_DIGIT.sub('', initials.lower())}".strip()
