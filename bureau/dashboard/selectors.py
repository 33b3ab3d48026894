"""Reads only the dashboard needs: years, chart series, reminders, recent changes, and the page as a whole.

Every key figure comes from the apps' selectors (the report calls the same ones);
this module only arranges them and adds the chart series and reminders.
"""

import calendar
import datetime
import functools
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import Cast, ExtractYear
from django.urls import NoReverseMatch, reverse

from awards.models import AwardNomination
from awards.selectors import award_figures_by_year
from bureau.accounts.selectors import people
from bureau.models import LEVEL_CHOICES, Certification, IndustryStatistics
from bureau.operations import operation_label
from bureau.registry import registry
from bureau.selectors import annual_targets, certification_counts_by_year, industry_indicators_by_year
from outreach.models import AssistanceRecord, ScienceWeek
from outreach.selectors import outreach_figures_by_year
from patents.models import Patent
from patents.selectors import patent_days
from projects.models import ProjectApplication
from projects.selectors import project_counts_by_year, projects_due

EXPIRY_DAYS = 180
DUE_DAYS = 60
RECENT_CHANGES = 20
REMINDER_ROWS = 8
# Before this share of the year has passed, no target is flagged as behind.
PACE_GRACE = Decimal("0.25")
LEVELS = [(code, label) for code, label in LEVEL_CHOICES if code != "county"]


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
        query = urlencode({key: value for key, value in params.items() if value is not None}, doseq=True)
        return f"{path}?{query}"


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


def default_year(*, years: list[int], today: datetime.date) -> int:
    """The current year when it has records, else the latest year that has, else the current year."""
    if today.year in years or not years:
        return today.year
    return years[0]


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
class Figure:
    """A key figure: this year's value against last year's, linked to the records behind both."""

    key: str
    label: str
    unit: str
    value: Decimal | int | None
    previous: Decimal | int | None
    url: str | None = None
    previous_url: str | None = None
    places: int = 0
    parts: list = field(default_factory=list)

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


def target_rows(*, year: int, today: datetime.date, figures: dict, urls: dict) -> list[Target]:
    """The year's targets with their actual values and pace.

    Actual values are counted by `bureau.selectors` (its one measure table) from `figures`, the
    figures of `year` the page has already read (source → figures): no query per target.
    `urls` maps a measure to the records behind its count.
    """
    elapsed = year_elapsed(year=year, today=today)
    rows = []
    for target in annual_targets(year=year, figures=figures):
        actual = target.actual
        percent = None
        behind = False
        if actual is not None and target.target:
            ratio = Decimal(actual) / target.target
            percent = int(min(ratio, Decimal(1)) * 100)
            behind = elapsed >= PACE_GRACE and ratio < elapsed
        rows.append(
            Target(
                indicator=target.indicator,
                unit=target.unit,
                target=target.target,
                at_least=target.at_least,
                actual=actual,
                percent=percent,
                behind=behind,
                url=urls.get(target.measure) if actual is not None else None,
                note=target.note,
            )
        )
    return rows


def dashboard(*, year: int, today: datetime.date, user) -> dict:
    """Everything the dashboard shows for `year`, compared with the year before, in a fixed number of queries."""
    last = year - 1
    years = [last, year]
    current_year = year == today.year
    links = Links()
    # Last year is compared over the same stretch of the year while this year is still running.
    patent_cutoff = same_day(today, last) if current_year else None
    # Per-day patent counts of both years: the figures, the cut-off comparison and the monthly chart.
    days = patent_days(years=years)
    patents = {year: days.totals(year=year), last: days.totals(year=last, until=patent_cutoff)}
    projects = project_counts_by_year(years=years)
    certs = certification_counts_by_year(years=years)
    awards = award_figures_by_year(years=years)
    industry_all = industry_indicators_by_year()
    outreach = outreach_figures_by_year(years=years)
    industry = {y: industry_all.get(y) for y in years}

    def stat(y, attr):
        indicators = industry[y]
        if indicators is None:
            return None
        if attr.endswith("_share"):
            share = getattr(indicators, attr)
            return share.percent if share else None
        return getattr(indicators.statistics, attr)

    def stat_url(y):
        return detail_url(industry[y].statistics) if industry[y] else links.list("bureau.industrystatistics", year=y)

    def week_value(y, attr):
        week = outreach[y]["science_week"]
        return getattr(week, attr) if week else None

    def week_url(y):
        week = outreach[y]["science_week"]
        return detail_url(week) if week else links.list("outreach.scienceweek", year=y)

    def patent_url(y, kind):
        counts = patents[y]
        if kind == "applied":
            return links.list("patents.patent", year=y, filed_until=counts.until.isoformat())
        return links.list("patents.patent", granted_year=y, granted_until=counts.until.isoformat())

    def filed_url(y, level=None):
        return links.list("projects.projectapplication", year=y, stage="filed", program__level=level)

    def approved_url(y, level=None):
        return links.list("projects.projectapplication", decided_year=y, stage="approved", program__level=level)

    figures = [
        Figure(
            "projects_applied",
            "申报科技项目",
            "项",
            projects[year]["applied"],
            projects[last]["applied"],
            filed_url(year),
            filed_url(last),
            parts=[(label, projects[year]["levels"][code]["applied"], filed_url(year, code)) for code, label in LEVELS],
        ),
        Figure(
            "projects_approved",
            "获批立项项目",
            "项",
            projects[year]["approved"],
            projects[last]["approved"],
            approved_url(year),
            approved_url(last),
            parts=[
                (label, projects[year]["levels"][code]["approved"], approved_url(year, code)) for code, label in LEVELS
            ],
        ),
        Figure(
            "funding_approved",
            "立项经费",
            "万元",
            projects[year]["funding_approved"],
            projects[last]["funding_approved"],
            approved_url(year),
            approved_url(last),
            places=2,
            parts=[
                (label, projects[year]["levels"][code]["funding_approved"], approved_url(year, code))
                for code, label in LEVELS
            ],
        ),
        Figure(
            "patents_applied",
            "专利申请",
            "件",
            patents[year].applied,
            patents[last].applied,
            patent_url(year, "applied"),
            patent_url(last, "applied"),
        ),
        Figure(
            "patents_granted",
            "专利授权",
            "件",
            patents[year].granted,
            patents[last].granted,
            patent_url(year, "granted"),
            patent_url(last, "granted"),
        ),
        Figure(
            "above_scale_high_tech",
            "规上高新技术企业",
            "家",
            stat(year, "above_scale_high_tech"),
            stat(last, "above_scale_high_tech"),
            stat_url(year),
            stat_url(last),
        ),
        Figure(
            "high_tech_certifications",
            "新认定高新技术企业",
            "项",
            certs[year]["high_tech"],
            certs[last]["high_tech"],
            links.list("bureau.certification", year=year, kind__is_high_tech="true"),
            links.list("bureau.certification", year=last, kind__is_high_tech="true"),
        ),
        Figure(
            "high_tech_share",
            "高新技术产业增加值占比",
            "%",
            stat(year, "high_tech_share"),
            stat(last, "high_tech_share"),
            stat_url(year),
            stat_url(last),
            places=2,
        ),
        Figure(
            "rd_active_share",
            "有研发活动企业占比",
            "%",
            stat(year, "rd_active_share"),
            stat(last, "rd_active_share"),
            stat_url(year),
            stat_url(last),
            places=1,
        ),
        Figure(
            "award_nominations",
            "科技奖励申报",
            "项",
            awards[year]["nominations"],
            awards[last]["nominations"],
            links.list("awards.awardnomination", year=year),
            links.list("awards.awardnomination", year=last),
        ),
        Figure(
            "award_wins",
            "科技奖励获奖",
            "项",
            awards[year]["won"],
            awards[last]["won"],
            links.list("awards.awardnomination", year=year, status="won"),
            links.list("awards.awardnomination", year=last, status="won"),
        ),
        Figure(
            "appraisals",
            "科技成果鉴定",
            "项",
            awards[year]["appraisals"],
            awards[last]["appraisals"],
            links.list("awards.appraisal", year=year),
            links.list("awards.appraisal", year=last),
            parts=[
                (
                    label,
                    awards[year]["appraisals_by_level"][code],
                    links.list("awards.appraisal", year=year, level=code),
                )
                for code, label in LEVELS
            ],
        ),
        Figure(
            "talents",
            "人才入选",
            "人",
            awards[year]["talents"],
            awards[last]["talents"],
            links.list("awards.talentselection", year=year),
            links.list("awards.talentselection", year=last),
        ),
        Figure(
            "science_week_participants",
            "科技活动周参与群众",
            "人",
            week_value(year, "participants"),
            week_value(last, "participants"),
            week_url(year),
            week_url(last),
        ),
        Figure(
            "assistance_funds",
            "帮扶资金",
            "万元",
            outreach[year]["assistance_funds"],
            outreach[last]["assistance_funds"],
            links.list("outreach.assistancerecord", year=year),
            links.list("outreach.assistancerecord", year=last),
            places=2,
        ),
    ]
    by_key = {figure.key: figure for figure in figures}
    # The records behind each target measure's count (the counting itself is bureau.selectors.TARGET_MEASURES).
    target_urls = {
        "patents_applied": by_key["patents_applied"].url,
        "patents_granted": by_key["patents_granted"].url,
        "projects_national_provincial": links.list(
            "projects.projectapplication", year=year, stage="filed", program_levels=["national", "provincial"]
        ),
        "projects_applied": by_key["projects_applied"].url,
        "projects_approved": by_key["projects_approved"].url,
        "appraisals_provincial": links.list("awards.appraisal", year=year, level="provincial"),
        "appraisals_municipal": links.list("awards.appraisal", year=year, level="municipal"),
        "high_tech_certifications": by_key["high_tech_certifications"].url,
        "award_nominations": by_key["award_nominations"].url,
        "talents": by_key["talents"].url,
    }
    figures_of_year = {
        "patents": patents[year],
        "projects": projects[year],
        "certifications": certs[year],
        "awards": awards[year],
    }
    targets = target_rows(year=year, today=today, figures=figures_of_year, urls=target_urls)

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
        funding_chart(year=year, levels=projects[year]["levels"], url=approved_url),
        share_chart(industry=industry_all),
        science_week_chart(year=year, outreach=outreach, url=week_url),
    ]
    return {
        "year": year,
        "last_year": last,
        "patent_cutoff": patent_cutoff,
        "figures": figures,
        "targets": targets,
        "reminders": reminders,
        "charts": charts,
        "chart_data": chart_data(charts),
        "changes": recent_changes(user=user),
    }


# --- charts: one structure feeds both the ECharts canvas and the accessible table ----------------


def chart(*, key, title, kind, categories, series, value_label, **options) -> dict:
    """`series` is [(name, [(value, url), …])]; the table rows are built from the same numbers."""
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
        "options": options,
    }


# What dashboard.js reads; the table rows and titles are in the page already.
CHART_DATA_KEYS = ("key", "kind", "categories", "series", "value_label", "options")


def chart_data(charts: list[dict]) -> list[dict]:
    """The charts as the page's one `json_script` carries them: without the table rows, half the size."""
    return [{key: chart[key] for key in CHART_DATA_KEYS} for chart in charts]


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
        log=True,
    )
