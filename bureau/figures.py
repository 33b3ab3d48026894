"""The figure registry: every key figure declared once, in the app that owns its records.

A figure (专利申请, 新认定高新技术企业, 帮扶资金 …) is a `Figure` registered from `<app>/figures.py`
(loaded by the app's `ready()`, like `records.py`). The dashboard's cards, the targets' actual values,
the report's numbers and the links to the records behind them all read these declarations, so they
can never disagree. This module knows no record type.
"""

import calendar
import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

UNITS = ("项", "件", "家", "人", "万元", "%")
# The measure of a target indicator that is entered by hand, never counted.
NOT_COUNTED = ("none", "不自动统计")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def window_end(year: int, until: Mapping[int, datetime.date] | None = None) -> datetime.date:
    """The last day counted in `year`: 31 December, or that year's cut-off in `until` if earlier."""
    cutoff = (until or {}).get(year)
    return year_end(year) if cutoff is None else min(year_end(year), cutoff)


def day_text(day: datetime.date) -> str:
    """10月31日 (月末 stays a date: the 口径 says exactly which days count)."""
    return f"{day.month}月{day.day}日"


def is_year_end(day: datetime.date) -> bool:
    return (day.month, day.day) == (12, calendar.monthrange(day.year, 12)[1])


@dataclass(frozen=True)
class Figure:
    """One key figure: what it is called and counted in, how it is computed, and which records are behind it.

    `source(years=…, until=…)` reads the figures of several years at once ({year: data}); figures that
    share a source are read with one call (`FigureRegistry.values`). `value(data)` picks this figure
    out of a year's data. `drilldown(year, end)` names the filtered list showing the records behind
    the value: ("app_label.model_name", {filter: value}); `of_records(queryset)` computes the value
    again from that list's records (default: their number), which a test checks for every figure.
    `caliber` says what is counted (口径), formatted with `year`, `start` and `end`.
    """

    key: str
    label: str
    unit: str
    source: Callable[..., dict]
    value: Callable[[object], object]
    drilldown: Callable[[int, datetime.date], tuple[str, dict]]
    caliber: str
    decimals: int = 0
    # Offered as the measure of a 目标指标 (its actual value counted by this figure).
    target: bool = False
    # The measure's name in the 统计口径 list (default: the label).
    measure_label: str = ""
    # A card of its own on the dashboard, in `order`; `parts` are keys of figures shown inside it.
    card: bool = False
    order: int = 0
    parts: tuple[str, ...] = ()
    # The label inside a parent card's parts (国家级).
    short_label: str = ""
    of_records: Callable | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.key}: unit {self.unit!r} is not one of {UNITS}")

    def values(self, *, years: Iterable[int], until: Mapping[int, datetime.date] | None = None) -> dict:
        """{year: value} for `years`, each year counted up to its cut-off in `until` (default: whole years)."""
        years = list(years)
        data = self.source(years=years, until=dict(until or {}))
        return {year: self.value(data[year]) for year in years}

    def url(self, *, year: int, until: Mapping[int, datetime.date] | None = None, links=None) -> str:
        """The list of the records behind the value of `year`."""
        label, params = self.drilldown(year, window_end(year, until))
        return (links or Links()).list(label, **params)

    def describe(self, *, year: int, until: Mapping[int, datetime.date] | None = None) -> str:
        """口径: what the value of `year` counts, e.g. “申请日在2023年1月1日至10月31日之间的专利”."""
        end = window_end(year, until)
        return self.caliber.format(year=year, start="1月1日", end=day_text(end))

    def format(self, value) -> str:
        if value is None:
            return "—"
        return f"{Decimal(value):,.{self.decimals}f}"


class Links:
    """Record-list URLs of one page: each list's path is reversed once, then only the query strings differ.

    A page links a few hundred figures, chart points and table cells to their records; reversing
    the same few list URLs for each of them was a visible share of the page's time.
    """

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}

    def list(self, label: str, **params) -> str:
        """A record list filtered by `params`: `links.list("patents.patent", year=2023)`."""
        path = self.paths.get(label)
        if path is None:
            app_label, model_name = label.split(".")
            path = self.paths[label] = reverse(f"{app_label}:{model_name}_list")
        query = urlencode(
            {key: _param(value) for key, value in params.items() if value is not None},
            doseq=True,
        )
        return f"{path}?{query}"


def _param(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class FigureRegistry:
    """All registered figures, by key."""

    def __init__(self) -> None:
        self._figures: dict[str, Figure] = {}

    def register(self, figure: Figure) -> Figure:
        if figure.key in self._figures and self._figures[figure.key] != figure:
            raise ValueError(f"figure {figure.key!r} is registered twice")
        self._figures[figure.key] = figure
        return figure

    def __iter__(self):
        return iter(sorted(self._figures.values(), key=lambda f: (f.order, f.key)))

    def __len__(self) -> int:
        return len(self._figures)

    def __contains__(self, key: str) -> bool:
        return key in self._figures

    def get(self, key: str) -> Figure:
        return self._figures[key]

    def cards(self) -> list[Figure]:
        """The dashboard's cards, in order."""
        return [figure for figure in self if figure.card]

    def measures(self) -> list[Figure]:
        """The figures a target can measure, in order."""
        return [figure for figure in self if figure.target]

    def values(
        self,
        keys: Iterable[str],
        *,
        years: Iterable[int],
        until: Mapping[int, datetime.date] | None = None,
        read: dict | None = None,
    ) -> dict[str, dict]:
        """{key: {year: value}} for the figures `keys`, reading each source once for all of them.

        `read` (source → its data), when given, keeps what was read for `data` calls of the same page.
        """
        years = list(years)
        read = {} if read is None else read
        return {
            key: {
                year: self.get(key).value(data)
                for year, data in self.data(key, years=years, until=until, read=read).items()
            }
            for key in dict.fromkeys(keys)
        }

    def data(
        self, key: str, *, years: Iterable[int], until: Mapping[int, datetime.date] | None = None, read: dict
    ) -> dict:
        """What the source of figure `key` read for `years` ({year: data}), from `read` when read already."""
        source = self.get(key).source
        if source not in read:
            read[source] = source(years=list(years), until=dict(until or {}))
        return read[source]

    def value(self, key: str, *, year: int, until: datetime.date | None = None):
        """One figure of one year, counted up to `until` (a date in that year; default its end)."""
        return self.values([key], years=[year], until={year: until} if until else None)[key][year]


figures = FigureRegistry()


def register(figure: Figure) -> Figure:
    """Declare a figure (from `<app>/figures.py`)."""
    return figures.register(figure)


def measure_choices() -> list[tuple[str, str]]:
    """The 统计口径 of a 目标指标: every target figure, then 不自动统计 (the model's choices, read when used)."""
    return [(figure.key, figure.measure_label or figure.label) for figure in figures.measures()] + [NOT_COUNTED]
