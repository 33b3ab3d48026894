"""The whole ledger: export a year, import it into an empty ledger, same records; commands and admin page."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Commendation, CommendationItem
from bureau.importexport import selectors, services
from bureau.models import Certification, CertificationKind, Enterprise
from outreach.models import AssistanceFigure, AssistanceRecord, OutreachActivity, OutreachKind, ScienceWeek
from patents.models import Patent
from projects.models import Program, ProjectApplication

from .helpers import patent_number
from .roundtrip import empty_migrated_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger_2023():
    unit = Enterprise.objects.create(name="普正制药股份有限公司", short_name="普正制药", township="城关镇")
    Enterprise.objects.create(name="XX大学", kind="university")
    kind, _ = CertificationKind.objects.get_or_create(name="国家高新技术企业", defaults={"is_high_tech": True})
    Certification.objects.create(
        enterprise=unit,
        kind=kind,
        level="national",
        year=2023,
        granted_on=datetime.date(2023, 11, 2),
        reward=Decimal("10.00"),
    )
    program, _ = Program.objects.get_or_create(name="省星火计划", defaults={"level": "provincial"})
    ProjectApplication.objects.create(
        year=2023, title="裸花紫珠颗粒二次开发及高新技术产业化", program=program, applicant=unit
    )
    ProjectApplication.objects.create(year=2022, title="去年的项目", program=program, applicant=unit)
    Patent.objects.create(
        application_number=patent_number(1),
        title="一种颗粒剂",
        kind="utility",
        applicant=unit,
        filed_on=datetime.date(2023, 4, 1),
    )
    week = ScienceWeek.objects.create(
        year=2023,
        theme="创新创业 科技惠民",
        start_date=datetime.date(2023, 5, 20),
        end_date=datetime.date(2023, 5, 26),
        participants=6000,
    )
    outreach_kind, _ = OutreachKind.objects.get_or_create(name="科普宣传")
    OutreachActivity.objects.create(
        year=2023,
        title="科技活动周启动仪式",
        kind=outreach_kind,
        start_date=datetime.date(2023, 5, 20),
        science_week=week,
        participants=500,
    )
    record = AssistanceRecord.objects.create(year=2023, place="巴邱镇XX村", kind="tobacco", funds=Decimal("5.5"))
    AssistanceFigure.objects.create(
        record=record, name="种植面积", value=Decimal("130"), unit="亩", target=Decimal("120")
    )
    meeting = Commendation.objects.create(
        year=2023, title="全县科技表彰大会", held_on=datetime.date(2023, 3, 1), year_honoured=2022
    )
    CommendationItem.objects.create(
        commendation=meeting, category="patent", title="优秀专利", recipient=unit, reward=Decimal("0.5")
    )


def sheets_of(path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {
        sheet.title: sorted(tuple(map(str, row)) for row in sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
    }


def test_round_trip_into_an_empty_ledger(tmp_path, ledger_2023, admin_user):
    first = tmp_path / "ledger.xlsx"
    call_command("export_ledger", "--year", "2023", "--output", str(first))
    exported = sheets_of(first)
    assert len(exported["科技计划项目"]) == 2  # header + the 2023 project only
    empty_migrated_ledger()  # a new installation: no units, only the lists migrations seed
    assert not Patent.objects.exists() and not Enterprise.objects.exists()

    report = services.import_ledger(path=first, user=admin_user, commit=True)
    assert report.committed, "\n".join(report.lines())
    second = tmp_path / "again.xlsx"
    services.export_ledger(year=2023, output=second)
    assert sheets_of(second) == exported
    assert Patent.objects.get().history.first().history_user == admin_user
    assert OutreachActivity.objects.get().science_week.year == 2023


def test_import_ledger_command_dry_run_and_errors(tmp_path, ledger_2023, capsys):
    path = tmp_path / "ledger.xlsx"
    services.export_ledger(year=2023, output=path)
    workbook = load_workbook(path)
    workbook["专利"]["B2"] = "新名称"
    workbook["科技计划项目"]["C2"] = "不存在的计划"
    workbook.save(path)
    before = list(Patent.objects.values_list("title", flat=True))
    with pytest.raises(CommandError):
        call_command("import_ledger", str(path))
    out = capsys.readouterr().out
    assert "【科技计划项目】" in out and "第2行“计划类别”列：找不到计划类别“不存在的计划”" in out
    assert list(Patent.objects.values_list("title", flat=True)) == before  # the good sheet is not written either

    workbook["科技计划项目"]["C2"] = "省星火计划"
    workbook.save(path)
    call_command("import_ledger", str(path), "--dry-run")
    assert "专利名称：一种颗粒剂 → 新名称" in capsys.readouterr().out
    assert list(Patent.objects.values_list("title", flat=True)) == before
    call_command("import_ledger", str(path))
    assert Patent.objects.get().title == "新名称"


def test_ledger_sheets_follow_dependencies():
    order = [rt.model for rt in selectors.dependency_order()]
    assert order.index(Enterprise) < order.index(ProjectApplication)
    assert order.index(ScienceWeek) < order.index(OutreachActivity)
    assert order.index(AssistanceRecord) < order.index(AssistanceFigure)


def test_admin_web_ledger_import(tmp_path, ledger_2023, admin_client):
    response = admin_client.get(reverse("importexport:ledger_export") + "?year=2023")
    data = b"".join(response.streaming_content)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(reverse("importexport:ledger_import"), {"file": SimpleUploadedFile("l.xlsx", data)})
    page = admin_client.get(response["Location"]).content.decode()
    assert "【" not in page and "专利" in page and 'id="confirm-import"' in page
    assert admin_client.post(response["Location"]).status_code == 302


@pytest.mark.django_db
def test_reimporting_an_export_of_the_demo_year_changes_nothing(demo_ledger, tmp_path):
    """Amounts like 0.50 and 15880.40 come back as 0.5 and 15880.4 from Excel: not a change."""
    path = tmp_path / "ledger.xlsx"
    call_command("export_ledger", "--year", "2023", "--output", str(path))
    report = services.import_ledger(path=path, user=None, commit=False)
    assert report.ok
    changed = {sheet.title: sheet.counts["changed"] for sheet in report.sheets if sheet.counts["changed"]}
    assert changed == {}
    assert sum(sheet.counts["unchanged"] for sheet in report.sheets) > 100
