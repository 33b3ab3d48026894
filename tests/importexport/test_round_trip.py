"""Round trips into a new installation: export a year, import it into a freshly migrated, empty ledger."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from awards.models import Commendation, CommendationItem
from bureau.importexport import services
from bureau.models import Enterprise
from outreach.models import Partnership

from .roundtrip import empty_migrated_ledger, ledger_snapshot, snapshot_differences

pytestmark = pytest.mark.django_db


def import_into_empty(path, user=None):
    report = services.import_ledger(path=path, user=user, commit=True)
    assert report.committed, "\n".join(report.lines())
    return report


def test_the_demo_year_imports_into_a_new_installation(demo_ledger, tmp_path):
    """产学研合作 between two units new in the same import: 合作双方 are two units, not one placeholder."""
    path = tmp_path / "2023.xlsx"
    call_command("export_ledger", "--year", "2023", "--output", str(path))
    expected = ledger_snapshot(years=[2023])
    assert expected["outreach.Partnership"], "the demo holds partnerships"
    empty_migrated_ledger()
    assert not Enterprise.objects.exists() and not Partnership.objects.exists()

    import_into_empty(path)
    assert not snapshot_differences(ledger_snapshot(), expected)


@pytest.fixture
def two_years_of_meetings():
    """The seed's meeting title, used every year: 全县科技表彰大会 in 2022 and in 2023, each with its items."""
    unit = Enterprise.objects.create(name="普正制药股份有限公司")
    for year, reward in ((2022, "0.30"), (2023, "0.50")):
        meeting = Commendation.objects.create(
            year=year, title="全县科技表彰大会", held_on=datetime.date(year, 4, 9), year_honoured=year - 1
        )
        CommendationItem.objects.create(
            commendation=meeting, category="patent", title="优秀专利", recipient=unit, reward=Decimal(reward)
        )
        CommendationItem.objects.create(
            commendation=meeting, category="local_standard", title=f"{year}年地方标准", recipient_person="张三"
        )


def items_by_meeting() -> set[tuple]:
    return set(CommendationItem.objects.values_list("commendation__year", "title", "reward"))


def test_items_attach_to_their_own_years_meeting(two_years_of_meetings, tmp_path):
    expected = items_by_meeting()
    snapshot = ledger_snapshot()
    paths = []
    for year in (2022, 2023):
        paths.append(tmp_path / f"{year}.xlsx")
        services.export_ledger(year=year, output=paths[-1])
    empty_migrated_ledger()
    for path in paths:
        import_into_empty(path)
    assert items_by_meeting() == expected
    assert not snapshot_differences(ledger_snapshot(), snapshot)
    # Imported again, year after year, nothing is new or changed.
    for path in paths:
        report = services.import_ledger(path=path, user=None, commit=False)
        assert report.ok and not any(sheet.counts["new"] or sheet.counts["changed"] for sheet in report.sheets)


def test_an_older_workbook_naming_the_meeting_by_title_alone_still_imports(two_years_of_meetings, tmp_path):
    """Workbooks written before the year was added: the title works while only one meeting has it."""
    from openpyxl import load_workbook

    path = tmp_path / "2023.xlsx"
    services.export_ledger(year=2023, output=path)
    workbook = load_workbook(path)
    sheet = workbook["表彰事项"]
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {"2023年全县科技表彰大会"}
    for row in sheet.iter_rows(min_row=2):
        row[0].value = "全县科技表彰大会"
    workbook.save(path)
    empty_migrated_ledger()
    import_into_empty(path)
    assert {year for year, _title, _reward in items_by_meeting()} == {2023}

    # Once two years hold that title, the title alone is refused with the way to write it.
    Commendation.objects.create(
        year=2022, title="全县科技表彰大会", held_on=datetime.date(2022, 4, 9), year_honoured=2021
    )
    report = services.import_ledger(path=path, user=None, commit=False)
    assert not report.ok
    assert "有2个科技表彰大会都叫“全县科技表彰大会”" in "\n".join(report.lines())
    assert "2022年全县科技表彰大会" in "\n".join(report.lines())


def test_a_unit_may_be_named_by_its_credit_code(tmp_path):
    from openpyxl import Workbook

    from tests.factories import credit_code

    code = credit_code(7)
    Enterprise.objects.create(name="普正制药股份有限公司", credit_code=code)
    Enterprise.objects.create(name="XX大学", kind="university")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "产学研合作"
    sheet.append(["年度", "本地单位", "合作院校/院所", "合作内容"])
    sheet.append([2023, code, "XX大学", "技术合作"])
    workbook.save(tmp_path / "p.xlsx")
    import_into_empty(tmp_path / "p.xlsx")
    assert Partnership.objects.get().enterprise.name == "普正制药股份有限公司"


def test_participants_whose_names_hold_a_separator_come_back_whole(tmp_path):
    """参加单位 are joined with 、 in a cell; a unit named “XX大学、研究院” must not be split in two."""
    from outreach.models import CooperationEvent

    units = [
        Enterprise.objects.create(name="XX大学、XX研究院", kind="university"),
        Enterprise.objects.create(name="普正制药股份有限公司"),
        Enterprise.objects.create(name="、XX中心"),
    ]
    event = CooperationEvent.objects.create(year=2023, title="科技成果对接会", kind="matchmaking")
    event.participants.set(units)
    expected = ledger_snapshot()
    path = tmp_path / "2023.xlsx"
    services.export_ledger(year=2023, output=path)
    empty_migrated_ledger()
    import_into_empty(path)
    assert set(CooperationEvent.objects.get().participants.values_list("name", flat=True)) == {
        "XX大学、XX研究院",
        "普正制药股份有限公司",
        "、XX中心",
    }
    assert not snapshot_differences(ledger_snapshot(), expected)


def test_every_reference_between_sheets_names_its_target_by_a_unique_key():
    """A record type other sheets refer to is named by its unique name, or declares a label from its key."""

    from bureau.importexport import selectors
    from bureau.registry import registry
    from bureau.resources_base import LedgerResource

    undeclared = []
    for record_type in selectors.importable_types():
        for django_field in record_type.model._meta.get_fields():
            if django_field.auto_created or not django_field.is_relation:
                continue
            target = registry.get(django_field.related_model)
            resource = target.resource
            named = tuple(resource._meta.import_id_fields) == ("name",) and target.model._meta.get_field("name").unique
            declared = resource.reference_label is not LedgerResource.reference_label
            if not (named or declared):
                undeclared.append(f"{record_type.verbose_name}.{django_field.name} → {target.verbose_name}")
    assert not undeclared, undeclared
