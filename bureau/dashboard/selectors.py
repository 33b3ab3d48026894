"""Reads only the dashboard needs: years, chart series, reminders, recent changes, and the page as a whole.

Every key figure and target's actual value comes from the figure registry (`bureau.figures`; the
report reads the same declarations); this module only arranges them and adds the charts and reminders.
"""

import calendar
import datetime
import functools
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, IntegerField, Max, Value, Window
from django.db.models.functions import Cast, ExtractYear
from django.urls import NoReverseMatch, reverse

from awards.models import AwardNomination
from bureau.accounts.selectors import people
from bureau.figures import Links, figures
from bureau.models import LEVEL_CHOICES, AnnualTarget, Certification, IndustryStatistics, Report
from bureau.operations import operation_label
from bureau.registry import registry
from bureau.selectors import annual_targets, industry_indicators_by_year
from outreach.models import AssistanceRecord, ScienceWeek
from patents.models import Patent
from projects.models import ProjectApplication
from projects.selectors import projects_due

EXPIRY_DAYS = 180
DUE_DAYS = 60
RECENT_CHANGES = 20
REMINDER_ROWS = 8
# Before this share of the year has passed, no target is flagged as behind.
PACE_GRACE = Decimal("0.25")


def detail_url(instance) -> str | None:
    return instance.get_absolute_url() if instance is not None else None


# --- years ---------------------------------------------------------------------------------------


def ledger_years() -> list[int]:
    """Every year from the first to the last that has records, newest first, in one query.

    Targets are not records of work done: a year that has only next year's targets
    is not a year to open the dashboard on.

    Patents carry no 年度: the years of the first and last filing (read through the
    filing-date index) stand for them.
    """
    parts = [
        model.objects.order_by().values_list("year")
        for model in (
            ProjectApplication,
            AwardNomination,
            Certification,
            IndustryStatistics,
            ScienceWeek,
            AssistanceRecord,
        )
    ]
    for order in ("filed_on", "-filed_on"):
        edge = Patent.objects.order_by(order).values("pk")[:1]
        parts.append(Patent.objects.filter(pk__in=edge).values_list(ExtractYear("filed_on")).order_by())
    # int(): PostgreSQL's EXTRACT returns numeric, so the union's years arrive as Decimal there.
    years = {int(row[0]) for row in parts[0].union(*parts[1:]) if row[0] is not None}
    if not years:
        return []
    return list(range(max(years), min(years) - 1, -1))


def work_models() -> list:
    """Record types whose records are work of a 年度 (the registered ones with a `year`, lists aside).

    Targets are plans, not work done: a year of targets only is no busier for them.
    """
    return [
        rt.model
        for rt in registry
        if not rt.is_list and not rt.singleton and rt.model is not AnnualTarget and has_year(rt.model)
    ]


def has_year(model) -> bool:
    return any(f.name == "year" and f.concrete for f in model._meta.get_fields())


def records_per_year(*, years: list[int]) -> dict[int, int]:
    """How many records each year has: every work record by its 年度, patents by filing date, in one query.

    Patents are counted year by year over the filing-date index (`years` is the span
    `ledger_years` gives), not by reading every patent's date.
    """
    parts = [model.objects.order_by().values_list("year").annotate(n=Count("pk")) for model in work_models()]
    for year in years:
        span = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        parts.append(
            Patent.objects.filter(filed_on__range=span)
            .order_by()
            .annotate(y=Value(year, output_field=IntegerField()))
            .values_list("y")
            .annotate(n=Count("pk"))
        )
    counts: dict[int, int] = {}
    for year, n in parts[0].union(*parts[1:], all=True):
        if year is not None:
            counts[int(year)] = counts.get(int(year), 0) + n
    return counts


def default_year(*, years: list[int], today: datetime.date) -> int:
    """The year the dashboard opens on when the user has not chosen one in this session.

    The latest year with a report (the year being written up), or the year with the most
    records when that is later (ties: the later year); years after the current one only
    when there are no others; the current year for an empty ledger. Not the year of the
    newest record: next year's first patents, imported in December, leave the default
    where the work is. `years` is what `ledger_years` gives.
    """
    counts = {year: n for year, n in records_per_year(years=years).items() if n}
    if any(year <= today.year for year in counts):
        counts = {year: n for year, n in counts.items() if year <= today.year}
    reported = Report.objects.filter(year__lte=today.year).aggregate(latest=Max("year"))["latest"]
    busiest = max(counts, key=lambda year: (counts[year], year)) if counts else None
    candidates = [year for year in (reported, busiest) if year is not None]
    return max(candidates) if candidates else today.year


# --- chart series --------------------------------------------------------------------------------


def project_program_status(*, year: int) -> list[dict]:
    """Applications of `year` per programme and status (programme name and id included)."""
    return list(
        ProjectApplication.objects.filter(year=year)
        .values("program_id", "status", program_name=F("program__name"), sort=F("program__sort_order"))
        .annotate(n=Count("pk"))
        .order_by("sort", "program_name", "status")
    )


# --- reminders -----------------------------------------------------------------------------------


def expiring_certifications(*, today: datetime.date, until: datetime.date) -> tuple[int, list]:
    """Certifications whose validity ends between today and `until`: their number and the first few."""
    rows = list(
        Certification.objects.filter(valid_until__range=(today, until))
        .select_related("enterprise", "kind")
        .annotate(total=Window(Count("pk")))
        .order_by("valid_until", "pk")[:REMINDER_ROWS]
    )
    return (rows[0].total if rows else 0), rows


def due_projects(*, today: datetime.date, until: datetime.date) -> tuple[int, list]:
    """Projects whose 中期检查 or 验收 is due by `until` (see `projects_due`): their number and the first few."""
    rows = list(
        projects_due(today=today, until=until)
        .select_related("program")
        .annotate(total=Window(Count("pk")))[:REMINDER_ROWS]
    )
    return (rows[0].total if rows else 0), rows


# --- recent changes ------------------------------------------------------------------------------

NAME_FIELDS = ("title", "name", "person", "application_number", "place", "theme", "period")


@dataclass
class Change:
    """One edit from the history: who, what, when, and where to read it."""

    when: datetime.datetime
    action: str
    record_type: str
    name: str
    user: str
    url: str | None


@functools.cache
def history_source(label: str) -> tuple:
    """A record type's history model and the field that names its records (resolved once per process).

    Read from the class, not through `Model.history`: that descriptor builds a new manager
    class (with `inspect.getmembers`) on every access.
    """
    model = registry.by_label(label).model
    history = vars(model)[model._meta.simple_history_manager_attribute].model
    fields = {f.name for f in history._meta.fields}
    name_field = next((name for name in NAME_FIELDS if name in fields), None)
    if name_field is None and "enterprise" in fields:
        name_field = "enterprise__name"  # 产学研合作 has no name of its own: its unit names it
    return history, name_field or "id"


# Built unions per thread: a queryset's clones share its lookups and subqueries, so threads never share one.
_built_unions = threading.local()


def changes_query(labels: tuple[str, ...], limit: int):
    """The union of the newest `limit` rows of each named history table, newest first (unevaluated).

    Its shape depends only on which record types a user may see, so it is built once per set of
    types (two dozen history tables made building it cost more than running it) and each call
    returns a fresh clone: no rows are ever kept between requests.
    """
    built = getattr(_built_unions, "queries", None)
    if built is None:
        built = _built_unions.queries = {}
    if (labels, limit) not in built:
        built[labels, limit] = _changes_union(labels, limit)
    return built[labels, limit].all()


def _changes_union(labels: tuple[str, ...], limit: int):
    """Each history table's newest `limit` rows (an indexed subquery), so the union stays small
    however long the history grows."""
    parts = []
    for label in labels:
        history, name_field = history_source(label)
        newest = history._default_manager.order_by("-history_date").values("history_id")[:limit]
        parts.append(
            history._default_manager.filter(history_id__in=newest)
            .annotate(label=Value(label, output_field=CharField()), record_name=Cast(name_field, CharField()))
            .values_list(
                "history_date",
                "history_type",
                "label",
                "id",
                "record_name",
                "history_user_id",
                "history_change_reason",
            )
            .order_by()
        )
    return parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit]


def recent_changes(*, user, limit: int = RECENT_CHANGES) -> list[Change]:
    """The last `limit` edits across every record type the user may view: one query (`changes_query`), then the
    people who made them (`people`, two queries), named and with the operation as the history pages name them."""
    types = {
        f"{record_type.app_label}.{record_type.model_name}": record_type
        for record_type in registry
        if user.has_perm(record_type.permission("history"))
    }
    if not types:
        return []
    rows = list(changes_query(tuple(types), limit))
    names = people(user_ids={row[5] for row in rows})
    changes = []
    for when, kind, label, pk, name, user_id, reason in rows:
        record_type = types[label]
        try:
            url = reverse(record_type.url_name("history"), args=[pk])
        except NoReverseMatch:
            url = None
        changes.append(
            Change(
                when=when,
                action=operation_label(kind, reason),
                record_type=record_type.verbose_name,
                name=name or f"#{pk}",
                user=names.get(user_id, "系统"),
                url=url,
            )
        )
    return changes


# --- figures and targets -------------------------------------------------------------------------


@dataclass
class FigureCard:
    """A key figure on the page: this year's value against last year's, linked to the records behind both."""

    key: str
    label: str
    unit: str
    value: Decimal | int | None
    previous: Decimal | int | None
    url: str | None = None
    previous_url: str | None = None
    places: int = 0
    parts: list = field(default_factory=list)
    # 口径: what the value counts (the link's title).
    caliber: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    def format(self, value) -> str:
        if value is None:
            return "—"
        return f"{Decimal(value):,.{self.places}f}"

    @property
    def display(self) -> str:
        return self.format(self.value)

    @property
    def previous_display(self) -> str:
        return self.format(self.previous)

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return "—"
        if change == 0:
            return "持平"
        text = self.format(abs(change))
        suffix = "个百分点" if self.unit == "%" else self.unit
        return f"{'+' if change > 0 else '−'}{text}{suffix}"

    @property
    def trend(self) -> str:
        change = self.change
        if change is None:
            return "none"
        return "up" if change > 0 else "down" if change < 0 else "flat"


@dataclass
class Target:
    """An annual target with its actual value, progress and whether it is behind pace."""

    indicator: str
    unit: str
    target: Decimal
    at_least: bool
    actual: int | Decimal | None
    percent: int | None
    behind: bool
    url: str | None
    note: str


def year_elapsed(*, year: int, today: datetime.date) -> Decimal:
    """Share of `year` gone by `today`: 0 for a future year, 1 for a past one."""
    if year < today.year:
        return Decimal(1)
    if year > today.year:
        return Decimal(0)
    days = 366 if calendar.isleap(year) else 365
    return Decimal(today.timetuple().tm_yday) / Decimal(days)


def same_day(day: datetime.date, year: int) -> datetime.date:
    """`day` moved to `year` (29 February becomes 28 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def target_rows(*, year: int, today: datetime.date, values: dict, links: Links) -> list[Target]:
    """The year's targets with their actual values (counted by their figures, `bureau.figures`) and pace.

    `values` ({key: {year: value}}) are the figures the page has already read: no query per target.
    """
    elapsed = year_elapsed(year=year, today=today)
    rows = []
    for target in annual_targets(year=year, values=values):
        actual = target.actual
        percent = None
        behind = False
        if actual is not None and target.target:
            ratio = Decimal(actual) / target.target
            percent = int(min(ratio, Decimal(1)) * 100)
            behind = elapsed >= PACE_GRACE and ratio < elapsed
        counted = figures.get(target.measure) if actual is not None else None
        rows.append(
            Target(
                indicator=target.indicator,
                unit=target.unit,
                target=target.target,
                at_least=target.at_least,
                actual=actual,
                percent=percent,
                behind=behind,
                url=counted.url(year=year, links=links) if counted else None,
                note=target.note,
            )
        )
    return rows


def figure_cards(*, year: int, until: dict, values: dict, links: Links) -> list[FigureCard]:
    """The registry's cards for `year` against the year before, each value linked to its records."""
    last = year - 1

    def part(key):
        figure = figures.get(key)
        return (figure.short_label or figure.label, values[key][year], figure.url(year=year, links=links))

    return [
        FigureCard(
            key=figure.key,
            label=figure.label,
            unit=figure.unit,
            value=values[figure.key][year],
            previous=values[figure.key][last],
            url=figure.url(year=year, until=until, links=links),
            previous_url=figure.url(year=last, until=until, links=links),
            places=figure.decimals,
            parts=[part(key) for key in figure.parts],
            caliber=figure.describe(year=year, until=until),
        )
        for figure in figures.cards()
    ]


def dashboard(*, year: int, today: datetime.date, user) -> dict:
    """Everything the dashboard shows for `year`, compared with the year before, in a fixed number of queries."""
    last = year - 1
    years = [last, year]
    current_year = year == today.year
    links = Links()
    # Last year is compared over the same stretch of the year while this year is still running.
    patent_cutoff = same_day(today, last) if current_year else None
    until = {last: patent_cutoff} if patent_cutoff else {}
    cards = figures.cards()
    keys = [f.key for f in cards] + [key for f in cards for key in f.parts] + [f.key for f in figures.measures()]
    keys += [f"funding_approved_{code}" for code, _ in LEVEL_CHOICES]
    read: dict = {}
    values = figures.values(keys, years=years, until=until, read=read)
    # What the figures' sources read feeds the charts too: per-day patent counts, science weeks.
    days = figures.data("patents_applied", years=years, until=until, read=read)[year].days
    industry_all = industry_indicators_by_year()
    outreach = figures.data("science_week_participants", years=years, until=until, read=read)
    funding = {code: {"funding_approved": values[f"funding_approved_{code}"][year]} for code, _ in LEVEL_CHOICES}

    def week_url(y):
        week = outreach[y]["science_week"]
        return detail_url(week) if week else links.list("outreach.scienceweek", year=y)

    def approved_url(y, level=None):
        return links.list("projects.projectapplication", decided_year=y, stage="approved", program__level=level)

    targets = target_rows(year=year, today=today, values=values, links=links)

    expiry_until = today + datetime.timedelta(days=EXPIRY_DAYS)
    due_until = today + datetime.timedelta(days=DUE_DAYS)
    expiring_count, expiring = expiring_certifications(today=today, until=expiry_until)
    due_count, due = due_projects(today=today, until=due_until)
    reminders = {
        "expiring": {
            "count": expiring_count,
            "rows": expiring,
            "days": EXPIRY_DAYS,
            "url": links.list(
                "bureau.certification", expires_after=today.isoformat(), expires_before=expiry_until.isoformat()
            ),
        },
        "due": {
            "count": due_count,
            "rows": due,
            "days": DUE_DAYS,
            "url": links.list(
                "projects.projectapplication", due_from=today.isoformat(), due_until=due_until.isoformat()
            ),
        },
        "behind": [target for target in targets if target.behind],
    }

    charts = [
        patent_chart(year=year, months={y: days.months(year=y) for y in years}, links=links),
        program_status_chart(year=year, rows=project_program_status(year=year), links=links),
        funding_chart(year=year, levels=funding, url=approved_url),
        share_chart(industry=industry_all),
        science_week_chart(year=year, outreach=outreach, url=week_url),
    ]
    return {
        "year": year,
        "last_year": last,
        "patent_cutoff": patent_cutoff,
        "figures": figure_cards(year=year, until=until, values=values, links=links),
        "targets": targets,
        "reminders": reminders,
        "charts": charts,
        "chart_data": chart_data(charts),
        "changes": recent_changes(user=user),
    }


# --- charts: one structure feeds both the ECharts canvas and the accessible table ----------------


def chart(*, key, title, kind, categories, series, value_label, **options) -> dict:
    """`series` is [(name, [(value, url), …])]; the table rows are built from the same numbers.

    `empty`: no value other than zero or none, so the page says 暂无数据 instead of drawing axes
    and a flat line. Options dashboard.js reads: `integer` (a count: whole-number ticks),
    `stack`, `horizontal`, `panels` (one small chart per category, each on its own axis).
    """
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "value_label": value_label,
        "categories": categories,
        "series": [
            {"name": name, "values": [v for v, _ in points], "urls": [u for _, u in points]} for name, points in series
        ],
        "rows": [(category, [points[i] for _, points in series]) for i, category in enumerate(categories)],
        "empty": not any(value for _, points in series for value, _ in points),
        "options": options,
    }


# What dashboard.js reads; the table rows and titles are in the page already.
CHART_DATA_KEYS = ("key", "kind", "categories", "series", "value_label", "options")


def chart_data(charts: list[dict]) -> list[dict]:
    """The charts as the page's one `json_script` carries them: without the table rows, half the size.

    An empty chart is not drawn at all (the page says 暂无数据), so it is left out.
    """
    return [{key: chart[key] for key in CHART_DATA_KEYS} for chart in charts if not chart["empty"]]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def cumulative(values: list[int]) -> list[int]:
    total, out = 0, []
    for value in values:
        total += value
        out.append(total)
    return out


def patent_chart(*, year: int, months: dict, links: Links) -> dict:
    series = []
    for y in (year, year - 1):
        for what, word, param in (("applied", "申请", "filed_until"), ("granted", "授权", "granted_until")):
            totals = cumulative(months[y][what])
            base = {"year": y} if what == "applied" else {"granted_year": y}
            points = [
                (total, links.list("patents.patent", **base, **{param: month_end(y, m + 1).isoformat()}))
                for m, total in enumerate(totals)
            ]
            series.append((f"{y}年{word}", points))
    return chart(
        key="patents",
        title="专利申请与授权（按月累计）",
        kind="line",
        categories=[f"{m}月" for m in range(1, 13)],
        series=series,
        value_label="件",
        integer=True,
    )


def program_status_chart(*, year: int, rows: list[dict], links: Links) -> dict:
    programs = list(dict.fromkeys((row["program_id"], row["program_name"]) for row in rows))
    counts = {(row["program_id"], row["status"]): row["n"] for row in rows}
    statuses = [(code, label) for code, label in ProjectApplication.Status.choices if any(s == code for _, s in counts)]
    series = [
        (
            label,
            [
                (
                    counts.get((pid, code), 0),
                    links.list("projects.projectapplication", year=year, program=pid, status=code),
                )
                for pid, _ in programs
            ],
        )
        for code, label in statuses
    ]
    return chart(
        key="programs",
        title=f"{year}年申报项目（按计划类别和状态）",
        kind="bar",
        categories=[name for _, name in programs],
        series=series,
        value_label="项",
        integer=True,
        stack=True,
        horizontal=True,
    )


def funding_chart(*, year: int, levels: dict, url) -> dict:
    points = [(levels[code]["funding_approved"], url(year, code)) for code, _ in LEVEL_CHOICES]
    return chart(
        key="funding",
        title=f"{year}年立项经费（按级别，万元）",
        kind="bar",
        categories=[label for _, label in LEVEL_CHOICES],
        series=[("立项经费", points)],
        value_label="万元",
    )


def share_chart(*, industry: dict) -> dict:
    years = sorted(industry)
    points = []
    for y in years:
        share = industry[y].high_tech_share
        value = share.percent.quantize(Decimal("0.01")) if share else None
        points.append((value, detail_url(industry[y].statistics)))
    return chart(
        key="share",
        title="高新技术产业增加值占工业增加值比重（%）",
        kind="line",
        categories=[f"{y}年" for y in years],
        series=[("占比", points)],
        value_label="%",
    )


SCIENCE_WEEK_FIGURES = (
    ("personnel", "科技人员（人次）"),
    ("lectures", "讲座培训（期）"),
    ("materials", "宣传资料（份）"),
    ("consultations", "咨询服务（人次）"),
    ("display_boards", "科普展板（块）"),
    ("participants", "参与群众（人）"),
)


def science_week_chart(*, year: int, outreach: dict, url) -> dict:
    """This year's and last year's science week, one small chart per figure: 人次, 份 and 块 share no axis."""
    series = []
    for y in (year, year - 1):
        week = outreach[y]["science_week"]
        series.append((f"{y}年", [(getattr(week, attr) if week else None, url(y)) for attr, _ in SCIENCE_WEEK_FIGURES]))
    return chart(
        key="science_week",
        title="科技活动周（今年与去年）",
        kind="bar",
        categories=[label for _, label in SCIENCE_WEEK_FIGURES],
        series=series,
        value_label="",
        integer=True,
        panels=True,
    )
