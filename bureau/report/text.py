"""How the report writes numbers, dates, shares and lists, the way the bureau's documents do."""

import datetime
from decimal import Decimal

LEVEL_PREFIX = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}


def number(value) -> str:
    """A Decimal or int without trailing zeros: 15880.40 → 15880.4, 179439.00 → 179439."""
    value = Decimal(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money(value) -> str:
    """An amount in 万元: 22.50 → 22.5万元."""
    return f"{number(value)}万元"


def count(value: int, *, approx: bool = False) -> str:
    """A count as reports write it: 35000 → 3.5万, 30000 approximate → 3万余, 300 approximate → 300多."""
    if value >= 10000 and value % 1000 == 0:
        return f"{number(Decimal(value) / 10000)}万{'余' if approx else ''}"
    return f"{value}{'多' if approx else ''}"


def tens(value: int) -> str:
    """A count of units as 'N余' when above ten and not round (23 → 20余)."""
    if value > 10 and value % 10:
        return f"{value // 10 * 10}余"
    return str(value)


def share(percent: Decimal) -> str:
    """A percentage with three significant figures, trailing zeros dropped: 8.8498 → 8.85%, 10.526 → 10.5%."""
    places = 2 if percent < 10 else 1 if percent < 100 else 0
    return f"{number(round(Decimal(percent), places))}%"


def day(value: datetime.date) -> str:
    return f"{value.month}月{value.day}日"


def full_date(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def date_range(start: datetime.date | None, end: datetime.date | None = None) -> str:
    """5月11日至17日; 5月30日至6月2日; one day: 5月12日."""
    if start is None:
        return ""
    if end is None or end == start:
        return day(start)
    if end.month == start.month:
        return f"{day(start)}至{end.day}日"
    return f"{day(start)}至{day(end)}"


def _series(items: list[str]) -> str:
    # GB/T 15834 4.5.3.5: no 顿号 between items that each carry 《》 or “”; the last joins with 和.
    if len(items) <= 1:
        return "".join(items)
    return "".join(items[:-1]) + "和" + items[-1]


def titles(items) -> str:
    """Titles in 《》: 《甲》; 《甲》和《乙》; 《甲》《乙》和《丙》 (empty string for no titles, never 《》)."""
    # A title typed with its own 《》 is not quoted twice.
    names = (item.strip().removeprefix("《").removesuffix("》") for item in items if item)
    return _series([f"《{name}》" for name in dict.fromkeys(names) if name])


def quoted(items) -> str:
    """Names in “”, joined like titles: “甲”和“乙”."""
    return _series([f"“{item}”" for item in dict.fromkeys(items) if item])


def join_and(items) -> str:
    """a、b和c; a和b; a."""
    items = [item for item in dict.fromkeys(items) if item]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def series(items) -> str:
    """Clauses of one list: joined with 、, or with ； when a clause has its own 、 (a list inside a list)."""
    items = [item for item in items if item]
    return ("；" if any("、" in item for item in items) else "、").join(items)


def quantity(n: int, measure: str, noun: str = "") -> str:
    """A count with its 量词: quantity(16, "件", "优秀专利") → 16件优秀专利."""
    return f"{n}{measure}{noun}"


def sentence(text: str) -> str:
    """Trim and end with 。 (keeping an existing final 。！？)."""
    text = text.strip().rstrip("，；,;")
    if not text:
        return ""
    return text if text[-1] in "。！？" else text + "。"


def ordinal(n: int) -> str:
    """1 → 一 … 10 → 十 (enough for headings and 一是/二是)."""
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    return "十" + digits[n - 10] if n < 20 else str(n)


def unit_name(enterprise) -> str:
    """The name a report uses for a unit: its short name if it has one."""
    return enterprise.short_name or enterprise.name
