"""The unified social credit code (GB 32100-2015) and CN patent application number validators."""

import pytest
from django.core.exceptions import ValidationError

from bureau.validators import (
    normalize_credit_code,
    normalize_patent_number,
    patent_kind_from_number,
    validate_credit_code,
    validate_patent_number,
)

# Real codes of well-known enterprises, as printed on their business licences.
REAL_CREDIT_CODES = ["91110000600001760P", "91350100M000100Y43", "91110108551385082Q", "91440300708461136T"]


def messages(validator, value) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return raised.value.messages


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)


def test_credit_code_spelling_is_normalised():
    assert normalize_credit_code(" 9135-0100 m000 100y43 ") == "91350100M000100Y43"
    assert normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    validate_credit_code("9135 0100 m000 100y43")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "统一社会信用代码校验位错误：第18位应为3，实际为4。"),
        ("91110000600001760Q", "统一社会信用代码校验位错误：第18位应为P，实际为Q。"),
        ("91350100M000100Y4", "统一社会信用代码应为18位，当前为17位。"),
        ("91350100M000100Y433", "统一社会信用代码应为18位，当前为19位。"),
        # I, O, Z, S, V are never used; places 3-8 are the administrative division (digits).
        ("91350100MO00100Y43", "统一社会信用代码含有不允许的字符"),
        ("9135010AM000100Y43", "统一社会信用代码含有不允许的字符"),
    ],
)
def test_broken_credit_codes_are_refused(code, message):
    assert message in messages(validate_credit_code, code)[0]


def check_digit(digits: str) -> str:
    """Written out from the standard: weights 2,3,4,5,6,7,8,9,2,3,4,5; mod 11; 10 is X."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


@pytest.mark.parametrize(
    ("written", "canonical", "kind"),
    [
        ("202320123456.1", "202320123456.1", "utility"),
        ("201310123456.2", "201310123456.2", "invention"),
        ("ZL 2004 1001 6761.2", "200410016761.2", "invention"),
        ("CN201830000001.5", "201830000001.5", "design"),
        ("cn 202210012345 3", "202210012345.3", "invention"),
        ("202311000005.X", "202311000005.X", "invention"),
        ("ZL202310123402.x", "202310123402.X", "invention"),
        ("２０２３２０１２３４５６．１", "202320123456.1", "utility"),
        # Before 2003: two-digit year, type digit, five-digit serial.
        ("98100001.0", "98100001.0", "invention"),
        ("ZL 02223456.X", "02223456.X", "utility"),
        ("88310001.0", "88310001.0", "design"),
        ("99100003X", "99100003.X", "invention"),
    ],
)
def test_valid_patent_numbers_are_accepted_and_normalised(written, canonical, kind):
    validate_patent_number(written)
    assert normalize_patent_number(written) == canonical
    assert canonical[-1] == check_digit(canonical.split(".")[0])
    assert patent_kind_from_number(written) == kind


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("202320123456.2", "专利申请号校验位错误：应为1，实际为2。"),
        ("202311000005.5", "专利申请号校验位错误：应为X，实际为5。"),
        ("98100001.1", "专利申请号校验位错误：应为0，实际为1。"),
        ("202340123456.1", "专利申请号格式应为"),  # type digit 4 does not exist
        ("20232012345.1", "专利申请号格式应为"),  # one digit short
        ("US202320123456.1", "专利申请号格式应为"),
        ("2023201234561A", "专利申请号格式应为"),
    ],
)
def test_broken_patent_numbers_are_refused(written, message):
    assert message in messages(validate_patent_number, written)[0]
