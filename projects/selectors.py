"""Reads of 科技计划项目 for the report and the dashboard; grouping and sums happen in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, IntegerField, Q, Sum, Value

from .models import Program, ProjectApplication

# Statuses that mean an application was actually filed (拟申报 is only a plan).
FILED_STATES = ("applied", "recommended", "approved", "rejected", "ongoing", "accepted", "terminated")


@dataclass(frozen=True)
class ProgramGroup:
    """Projects of one programme: how many, their titles and money (万元)."""

    program: str
    level: str
    count: int
    titles: tuple[str, ...]
    funding_requested: Decimal
    funding_approved: Decimal


def project_applications(*, year: int):
    """Applications filed in `year` (拟申报 excluded), in programme order."""
    return (
        ProjectApplication.objects.filter(year=year, status__in=FILED_STATES)
        .select_related("program", "applicant")
        .order_by("program__sort_order", "program__name", "applied_on", "title")
    )


def project_approvals(*, year: int):
    """Projects approved (立项) with a decision dated in `year`, whatever year they were filed."""
    return (
        ProjectApplication.objects.filter(decided_on__year=year, status__in=ProjectApplication.APPROVED_STATES)
        .select_related("program", "applicant")
        .order_by("program__sort_order", "program__name", "decided_on", "title")
    )


def _groups(queryset) -> list[ProgramGroup]:
    rows = (
        queryset.order_by()
        .values("program_id")
        .annotate(
            n=Count("pk"),
            requested=Sum("funding_requested", default=Decimal("0")),
            approved=Sum("funding_approved", default=Decimal("0")),
        )
    )
    totals = {row["program_id"]: row for row in rows}
    titles: dict[int, list[str]] = {}
    for program_id, title in queryset.values_list("program_id", "title"):
        titles.setdefault(program_id, []).append(title)
    programs = Program.objects.filter(pk__in=totals).order_by("sort_order", "name")
    return [
        ProgramGroup(
            program=program.name,
            level=program.level,
            count=totals[program.pk]["n"],
            titles=tuple(titles[program.pk]),
            funding_requested=totals[program.pk]["requested"],
            funding_approved=totals[program.pk]["approved"],
        )
        for program in programs
    ]


def project_applications_by_program(*, year: int) -> list[ProgramGroup]:
    """Applications filed in `year`, grouped by programme (市级科技协同创新重大专项1项 …)."""
    return _groups(project_applications(year=year))


def project_approvals_by_program(*, year: int) -> list[ProgramGroup]:
    """Approvals decided in `year`, grouped by programme, with the approved funding."""
    return _groups(project_approvals(year=year))


def project_counts(*, year: int) -> dict:
    """Headline figures: filed, filed at national/provincial level, approved, approved funding (万元)."""
    filed = ProjectApplication.objects.filter(year=year, status__in=FILED_STATES).aggregate(
        applied=Count("pk"),
        national_provincial=Count("pk", filter=Q(program__level__in=("national", "provincial"))),
    )
    approved = project_approvals(year=year).aggregate(
        approved=Count("pk"), funding=Sum("funding_approved", default=Decimal("0"))
    )
    return {**filed, "approved": approved["approved"], "funding_approved": approved["funding"]}


def project_status_counts(*, year: int) -> dict[str, int]:
    """Applications of `year` per status (every status present, zeros included)."""
    rows = dict(
        ProjectApplication.objects.filter(year=year).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: rows.get(status, 0) for status in ProjectApplication.Status.values}


def major_projects_under_way(*, year: int):
    """国家、省、市重大科技项目 being carried out at the end of `year`: approved by then and not yet closed."""
    return ProjectApplication.objects.filter(
        is_major=True,
        program__level__in=("national", "provincial", "municipal"),
        status__in=ProjectApplication.APPROVED_STATES,
    ).filter(
        Q(decided_on__year__lte=year) | Q(decided_on__isnull=True, year__lte=year),
        Q(closed_on__isnull=True) | Q(closed_on__year__gt=year),
    )


def project_counts_by_year(*, years) -> dict[int, dict]:
    """`project_counts` for several years in one query, with the split by programme level.

    Each year's figures are counted over the same querysets as `project_counts`
    (`project_applications`, `project_approvals`), grouped by programme level, so the
    dashboard and the report agree; the union of those small grouped reads is one query.
    """
    levels = [code for code, _ in Program._meta.get_field("level").choices]
    years = list(years)
    figures = {
        year: {
            "applied": 0,
            "national_provincial": 0,
            "approved": 0,
            "funding_approved": Decimal("0"),
            "levels": {level: {"applied": 0, "approved": 0, "funding_approved": Decimal("0")} for level in levels},
        }
        for year in years
    }
    parts = [
        queryset(year=year)
        .order_by()
        .annotate(what=Value(what, output_field=CharField()), y=Value(year, output_field=IntegerField()))
        .values("what", "y", "program__level")
        .annotate(n=Count("pk"), funding=Sum("funding_approved", default=Decimal("0")))
        .values_list("what", "y", "program__level", "n", "funding")
        for year in years
        for what, queryset in (("applied", project_applications), ("approved", project_approvals))
    ]
    if not parts:
        return {}
    for what, year, level, n, funding in parts[0].union(*parts[1:], all=True):
        row = figures[year]
        by_level = row["levels"].setdefault(level, {"applied": 0, "approved": 0, "funding_approved": Decimal("0")})
        row[what] += n
        by_level[what] += n
        if what == "approved":
            row["funding_approved"] += funding
            by_level["funding_approved"] += funding
        elif level in ("national", "provincial"):
            row["national_provincial"] += n
    return figures


def projects_due(*, today, until):
    """Projects under way whose 中期检查 falls between `today` and `until`, or whose 验收 is due by `until`."""
    active = ProjectApplication.objects.filter(status__in=("approved", "ongoing"))
    return active.filter(Q(midterm_due__gte=today, midterm_due__lte=until) | Q(acceptance_due__lte=until)).order_by(
        "acceptance_due", "midterm_due", "pk"
    )
