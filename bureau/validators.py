"""Validators for Chinese identifiers: the unified social credit code and patent application numbers."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError

# GB 32100-2015: 31 characters, without I, O, Z, S, V.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_SHAPE = re.compile(rf"^[{CREDIT_CODE_CHARSET}]{{2}}\d{{6}}[{CREDIT_CODE_CHARSET}]{{10}}$")


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a credit code computed from the first 17."""
    total = sum(CREDIT_CODE_CHARSET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def validate_credit_code(value: str) -> None:
    """Reject a unified social credit code whose shape or check character is wrong."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)d位。", code="credit_code_length", params={"n": len(code)}
        )
    if not _CREDIT_CODE_SHAPE.match(code):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V，第3-8位为行政区划数字）。", code="credit_code_chars"
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位错误：第18位应为%(expected)s，实际为%(actual)s。",
            code="credit_code_check",
            params={"expected": expected, "actual": code[17]},
        )


PATENT_KINDS_BY_DIGIT = {"1": "invention", "2": "utility", "3": "design", "8": "invention", "9": "utility"}
_PATENT_NEW = re.compile(r"^(\d{4})([12389])(\d{7})\.?([\dX])$")
_PATENT_OLD = re.compile(r"^(\d{2})([12389])(\d{5})\.?([\dX])$")


def patent_check_char(digits: str) -> str:
    """Mod-11 check character of a CN application number (weights 2..9 repeating)."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9)
    total = sum(int(d) * weights[i % 8] for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalize_patent_number(value: str) -> str:
    """Fold full-width forms, strip spaces and a CN/ZL prefix; return `digits.C` (the canonical written form)."""
    return _canonical_patent_number(value or "")


@functools.lru_cache(maxsize=65536)  # called several times per imported row for the same number
def _canonical_patent_number(value: str) -> str:
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value)).upper()
    for prefix in ("ZL", "CN"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if "." not in text and len(text) in (9, 13):
        text = f"{text[:-1]}.{text[-1]}"
    return text


def validate_patent_number(value: str) -> None:
    """Reject a CN patent application number whose format or check digit is wrong."""
    number = normalize_patent_number(value)
    match = _PATENT_NEW.match(number) or _PATENT_OLD.match(number)
    if not match:
        raise ValidationError(
            "专利申请号格式应为“年份4位+类型1位+流水号7位.校验位”（如 202310123456.6），2003年以前为8位数字加校验位。",
            code="patent_number_format",
        )
    digits = number.split(".")[0]
    expected = patent_check_char(digits)
    if match.group(4) != expected:
        raise ValidationError(
            "专利申请号校验位错误：应为%(expected)s，实际为%(actual)s。",
            code="patent_number_check",
            params={"expected": expected, "actual": match.group(4)},
        )


def patent_kind_from_number(value: str) -> str | None:
    number = normalize_patent_number(value)
    match = _PATENT_NEW.match(number) or _PATENT_OLD.match(number)
    return PATENT_KINDS_BY_DIGIT.get(match.group(2)) if match else None
