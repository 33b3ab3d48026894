"""Cooperation events' participants, units found by credit code, and confirms refused after someone else's edit."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bureau.history import history_m2m_values
from bureau.importexport import services
from bureau.models import Enterprise
from bureau.registry import registry
from bureau.restore.services import record_restore
from bureau.services import record_delete, record_save
from bureau.validators import credit_code_check_char
from outreach.models import CooperationEvent
from patents.models import Patent

from .helpers import enterprises, patent_row, patent_snapshot, workbook_bytes, write

pytestmark = pytest.mark.django_db

EVENT_HEADERS = ["年度", "活动名称", "类型", "开始日期", "参加单位"]


def credit_code(serial: int) -> str:
    first17 = f"91460000MA{serial:07d}"
    return first17 + credit_code_check_char(first17)


def import_events(tmp_path, user, rows, *, commit=True):
    path = write(tmp_path, workbook_bytes(rows, headers=EVENT_HEADERS, title="科技合作交流"), "events.xlsx")
    return services.import_records(record_type=registry.get(CooperationEvent), path=path, user=user, commit=commit)


def test_participants_are_imported_by_name_and_exported_joined(tmp_path, admin_user, leader_client):
    units = enterprises(3)
    day = datetime.date(2023, 11, 15)
    report = import_events(
        tmp_path, admin_user, [[2023, "第二十五届高交会", "交易会", day, f"{units[1].name}，{units[0].name}"]]
    )
    assert report.committed, "\n".join(report.lines())
    event = CooperationEvent.objects.get(title="第二十五届高交会")
    assert set(event.participants.all()) == {units[0], units[1]}

    response = leader_client.get(reverse("outreach:cooperationevent_export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("参加单位")
    assert rows[1][column] == f"{units[0].name}、{units[1].name}"
    assert rows[1][rows[0].index("线上举办")] == "否"  # a yes/no column reads 是/否, not True/False
    csv_body = b"".join(leader_client.get(reverse("outreach:cooperationevent_export_csv")).streaming_content).decode()
    assert f"{units[0].name}、{units[1].name}" in csv_body and ",否," in csv_body and "False" not in csv_body

    # The same file with one unit more: a change of the participants only, shown and written.
    report = import_events(
        tmp_path, admin_user, [[2023, "第二十五届高交会", "交易会", day, "、".join(u.name for u in units)]]
    )
    assert report.committed
    row = report.sheets[0].rows[0]
    assert row.status == "changed" and row.changes[0][0] == "参加单位"
    assert event.participants.count() == 3


def test_imported_participants_are_in_the_history_and_come_back_after_a_restore(tmp_path, admin_user):
    units = enterprises(3)
    day = datetime.date(2023, 11, 15)
    import_events(tmp_path, admin_user, [[2023, "高交会", "交易会", day, f"{units[0].name}、{units[1].name}"]])
    import_events(tmp_path, admin_user, [[2023, "高交会", "交易会", day, f"{units[1].name}、{units[2].name}"]])
    event = CooperationEvent.objects.get(title="高交会")
    created, changed = CooperationEvent.history.filter(id=event.pk).order_by("history_id")
    assert history_m2m_values(created)["participants"] == [units[0].pk, units[1].pk]
    assert sorted(history_m2m_values(changed)["participants"]) == [units[1].pk, units[2].pk]

    pk = event.pk
    record_delete(instance=event, user=admin_user)
    restored = record_restore(model=CooperationEvent, pk=pk, user=admin_user)
    assert set(restored.participants.all()) == {units[1], units[2]}


def test_unknown_participant_is_a_row_error(tmp_path, admin_user):
    units = enterprises(1)
    report = import_events(
        tmp_path, admin_user, [[2023, "对接会", "对接会", None, f"{units[0].name}、没有这家公司、也没有这家"]]
    )
    text = "\n".join(report.lines())
    assert not report.committed
    assert "第2行“参加单位”列：" in text and "找不到单位“没有这家公司”" in text and "找不到单位“也没有这家”" in text
    assert not CooperationEvent.objects.exists()


def test_known_credit_code_with_a_new_name_renames_the_unit(tmp_path, admin_user):
    unit = Enterprise.objects.create(name="海南普正药业有限公司", credit_code=credit_code(1))
    other = Enterprise.objects.create(name="另一家公司", credit_code=credit_code(2))
    headers = ["单位名称", "统一社会信用代码"]
    path = write(tmp_path, workbook_bytes([["普正制药股份有限公司", credit_code(1)]], headers=headers, title="单位"))
    report = services.import_records(record_type=registry.get(Enterprise), path=path, user=admin_user, commit=True)
    assert report.committed, "\n".join(report.lines())
    assert report.sheets[0].counts == {"new": 0, "changed": 1, "unchanged": 0, "error": 0}
    unit.refresh_from_db()
    assert unit.name == "普正制药股份有限公司" and unit.version == 2
    assert Enterprise.objects.count() == 2
    assert unit.history.first().history_user == admin_user

    # Renaming onto another unit's name is refused, not merged.
    path = write(tmp_path, workbook_bytes([["另一家公司", credit_code(1)]], headers=headers, title="单位"), "b.xlsx")
    report = services.import_records(record_type=registry.get(Enterprise), path=path, user=admin_user, commit=True)
    assert not report.committed
    assert "已属于另一条记录" in "\n".join(report.lines()) or "重复" in "\n".join(report.lines())
    other.refresh_from_db()
    assert other.credit_code == credit_code(2) and Enterprise.objects.get(pk=unit.pk).name == "普正制药股份有限公司"


@pytest.fixture
def two_patents():
    units = enterprises(1)
    return Patent.objects.bulk_create(
        Patent(
            application_number=patent_row(n)[0],
            title=f"一种测试装置{n}",
            kind="utility",
            applicant=units[0],
            filed_on=datetime.date(2023, 3, 1 + n),
        )
        for n in (1, 2)
    )


def upload(client, rows):
    file = SimpleUploadedFile("p.xlsx", workbook_bytes(rows), content_type="application/octet-stream")
    return client.post(reverse("patents:patent_import"), {"file": file})["Location"]


def edit_elsewhere(patent, admin_user):
    patent.refresh_from_db()
    patent.note = "同事刚改的"
    record_save(instance=patent, user=admin_user, expected_version=patent.version)


@pytest.mark.parametrize("kept", [True, False], ids=["kept-preview", "preview-lost"])
def test_confirm_refuses_when_a_record_changed_after_the_preview(staff_client, admin_user, two_patents, kept):
    preview_url = upload(staff_client, [patent_row(1, title="导入改的名称"), patent_row(7)])
    page = staff_client.get(preview_url).content.decode()
    assert 'data-count="changed">1<' in page
    seen = page.split('name="seen" value="')[1].split('"')[0]
    edit_elsewhere(two_patents[0], admin_user)
    if not kept:
        services.kept_plans.clear()  # another worker, or the kept analysis expired: the posted versions still count
    before = patent_snapshot()
    response = staff_client.post(preview_url, {"seen": seen}, follow=True)
    text = response.content.decode()
    assert "已被他人修改" in text and "没有写入任何数据" in text
    assert patent_snapshot() == before
    assert not Patent.objects.filter(title="导入改的名称").exists()


def test_confirm_writes_when_only_unrelated_records_changed(staff_client, admin_user, two_patents):
    preview_url = upload(staff_client, [patent_row(1, title="导入改的名称")])
    page = staff_client.get(preview_url).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    edit_elsewhere(two_patents[1], admin_user)  # not a record this import changes
    response = staff_client.post(preview_url, {"seen": seen})
    assert response.status_code == 302
    assert Patent.objects.get(pk=two_patents[0].pk).title == "导入改的名称"


def test_confirm_refuses_a_record_added_after_the_preview(tmp_path, admin_user, two_patents):
    path = write(tmp_path, workbook_bytes([patent_row(9)]))
    rt = registry.get(Patent)
    preview = services.import_records(record_type=rt, path=path, user=admin_user, commit=False, token="t")
    assert preview.ok
    Patent.objects.create(
        application_number=patent_row(9)[0],
        title="别人先录入了",
        kind="utility",
        applicant_person="李四",
        filed_on=datetime.date(2023, 3, 10),
    )
    before = patent_snapshot()
    report = services.import_records(record_type=rt, path=path, user=admin_user, commit=True, token="t")
    assert not report.committed and "已由他人添加" in "\n".join(report.lines())
    assert patent_snapshot() == before
