"""操作日志: one page across every record type's history, attachments, imports and 用户管理."""

import datetime
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bureau.attachments.services import attachment_delete, attachment_upload
from bureau.models import Enterprise
from bureau.restore.services import record_restore
from bureau.services import record_delete, record_save
from bureau.system import oplog
from bureau.system import services as system_services
from patents.models import Patent
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_rows(client, **params) -> list[list[str]]:
    page = client.get(reverse("system:operation_log"), params).content.decode()
    body = page.split('id="operation-log"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        if len(cells) == 6:
            rows.append(cells)
    return rows


def test_adds_changes_deletes_and_restores_of_every_type_are_listed(admin_client, admin_user, staff_user):
    unit = factories.EnterpriseFactory(name="甲科技有限公司")
    unit.name = "甲科技股份有限公司"
    record_save(instance=unit, user=staff_user, expected_version=unit.version)
    patent = factories.PatentFactory(title="一种茶叶杀青机")
    pk = patent.pk
    record_delete(instance=patent, user=admin_user)
    record_restore(model=Patent, pk=pk, user=admin_user)
    rows = log_rows(admin_client)
    operations = [(row[2], row[3]) for row in rows]
    assert ("修改", "单位") in operations
    assert ("删除", "专利") in operations and ("恢复", "专利") in operations
    change = next(row for row in rows if row[2] == "修改" and row[3] == "单位")
    assert "甲科技有限公司 → 甲科技股份有限公司" in change[5]
    assert change[1] == "staff（录入员）"
    print(rows)


def test_an_import_is_one_entry_with_its_counts_linked_to_its_records(admin_client, staff_user, tmp_path):
    from bureau.importexport import services as io_services
    from bureau.registry import registry

    factories.PatentFactory(title="已有专利")
    record_type = registry.get(Patent)
    path = tmp_path / "patents.xlsx"
    with open(path, "wb") as handle:
        io_services.export_xlsx(record_type=record_type, queryset=Patent.objects.all(), output=handle)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    title = next(i for i, name in enumerate(header) if name and "名称" in name)
    number = next(i for i, name in enumerate(header) if name and "申请号" in name)
    changed = list(row)
    changed[title] = "已有专利（改名）"
    added = list(row)
    added[title] = "新导入专利"
    added[number] = factories.patent_number(2023, 2, 999)
    sheet.delete_rows(2)
    sheet.append(changed)
    sheet.append(added)
    workbook.save(path)
    report = io_services.import_records(
        record_type=record_type, path=path, user=staff_user, commit=True, file_name="专利.xlsx"
    )
    assert report.committed, report.lines()
    rows = log_rows(admin_client)
    imports = [row for row in rows if row[2] == "导入"]
    assert len(imports) == 1, rows  # one entry, not one per row
    assert imports[0][1] == "staff（录入员）" and imports[0][3] == "专利" and imports[0][4] == "专利.xlsx"
    assert "新增 1 条，修改 1 条，无变化 0 条" in imports[0][5]
    page = admin_client.get(reverse("system:import_batch", args=[report.batch_id])).content.decode()
    for patent in Patent.objects.filter(title__in=["已有专利（改名）", "新导入专利"]):
        assert reverse("patents:patent_detail", args=[patent.pk]) in page
    history = admin_client.get(reverse("patents:patent_history", args=[patent.pk])).content.decode()
    assert f"导入 #{report.batch_id}" in history
    assert [row[2] for row in log_rows(admin_client, operation="导入")] == ["导入"]


def test_attachment_uploads_and_deletions_are_in_the_record_history_and_the_log(admin_client, staff_user):
    unit = factories.EnterpriseFactory(name="乙公司")
    upload = SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    attachment = attachment_upload(record=unit, file=upload, user=staff_user)
    attachment_delete(attachment=attachment, user=staff_user)
    history = admin_client.get(reverse("bureau:enterprise_history", args=[unit.pk])).content.decode()
    assert "上传附件" in history and "删除附件" in history and "营业执照.pdf" in history
    rows = [row for row in log_rows(admin_client, operation="附件")]
    assert [(row[1], row[2], row[3], row[4]) for row in rows] == [
        ("staff（录入员）", "删除附件", "单位", "乙公司"),
        ("staff（录入员）", "上传附件", "单位", "乙公司"),
    ]
    assert "营业执照.pdf → —" in rows[0][5] and "— → 营业执照.pdf" in rows[1][5]


def test_user_management_actions_are_logged_without_passwords(admin_client, admin_user):
    clerk, password = system_services.user_create(username="liming", full_name="李明", role="录入员", by=admin_user)
    system_services.user_update(user=clerk, full_name="李明", role="领导", by=admin_user)
    system_services.user_active_set(user=clerk, active=False, by=admin_user)
    system_services.user_active_set(user=clerk, active=True, by=admin_user)
    reset = system_services.user_password_reset(user=clerk, by=admin_user)
    system_services.user_unlock(user=clerk, by=admin_user)
    rows = log_rows(admin_client, type="auth.user")
    assert [row[2] for row in rows] == ["解锁用户", "重置密码", "启用用户", "停用用户", "修改用户", "新增用户"]
    assert all(row[1] == "admin（管理员）" and row[4].startswith("李明（领导） liming") for row in rows)
    assert "角色： 录入员 → 领导" in rows[4][5]
    page = admin_client.get(reverse("system:operation_log")).content.decode()
    assert password not in page and reset not in page


def test_filters_by_user_type_operation_and_date(admin_client, admin_user, staff_user):
    unit = factories.EnterpriseFactory(name="丙公司")
    unit.name = "丙股份公司"
    record_save(instance=unit, user=staff_user, expected_version=unit.version)
    patent = factories.PatentFactory(title="丁专利")
    record_delete(instance=patent, user=admin_user)
    assert {row[2] for row in log_rows(admin_client, user=staff_user.pk)} == {"修改"}
    assert {row[3] for row in log_rows(admin_client, type="patents.patent")} == {"专利"}
    deleted = log_rows(admin_client, operation="删除")
    assert [(row[2], row[3]) for row in deleted] == [("删除", "专利")] and "丁专利" in deleted[0][4]
    # A day is the local day (Asia/Shanghai): 23:30 on 3 May is that day, 00:10 on 4 May the next.
    local = timezone.get_current_timezone()
    Enterprise.history.filter(id=unit.pk, history_type="+").update(
        history_date=datetime.datetime(2024, 5, 3, 23, 30, tzinfo=local)
    )
    Enterprise.history.filter(id=unit.pk, history_type="~").update(
        history_date=datetime.datetime(2024, 5, 4, 0, 10, tzinfo=local)
    )
    may_3 = log_rows(admin_client, date_from="2024-05-03", date_to="2024-05-03")
    assert [(row[2], row[4]) for row in may_3] == [("新增", "丙公司")]
    assert [row[2] for row in log_rows(admin_client, date_from="2024-05-04", date_to="2024-05-04")] == ["修改"]
    assert log_rows(admin_client, date_to="2000-01-01") == []


def test_a_deleted_record_is_named_as_deleted_and_linked_to_deleted_records_for_admins(
    admin_client, staff_client, admin_user
):
    patent = factories.PatentFactory(title="戊专利")
    record_delete(instance=patent, user=admin_user)
    page = admin_client.get(reverse("system:operation_log"), {"operation": "删除"}).content.decode()
    assert "（已删除）" in page and reverse("restore:deleted_list") in page
    assert staff_client.get(reverse("system:operation_log")).status_code == 403


def test_export_holds_the_filtered_lines(admin_client, staff_user):
    unit = factories.EnterpriseFactory(name="己公司")
    unit.name = "己股份公司"
    record_save(instance=unit, user=staff_user, expected_version=unit.version)
    response = admin_client.get(reverse("system:operation_log"), {"format": "xlsx", "operation": "修改"})
    assert "操作日志" in unquote(response["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "记录类型", "记录", "变更内容")
    assert [row[1:5] for row in rows[1:]] == [("staff（录入员）", "修改", "单位", "己股份公司")]
    assert "己公司 → 己股份公司" in rows[1][5]


def _history_of_every_kind(size: int, user) -> None:
    """`size` changes of records of several types, a deletion, attachments, user actions, an import batch."""
    for n in range(size):
        unit = factories.EnterpriseFactory(name=f"单位{n}")
        unit.name = f"单位{n}（改）"
        record_save(instance=unit, user=user, expected_version=unit.version)
        patent = factories.PatentFactory(title=f"专利{n}", applicant=unit)
        patent.title = f"专利{n}（改）"
        record_save(instance=patent, user=user, expected_version=patent.version)
        project = factories.ProjectApplicationFactory(applicant=unit)
        project.title = f"项目{n}"
        record_save(instance=project, user=user, expected_version=project.version)
        factories.OutreachActivityFactory()
        attachment_upload(record=unit, file=SimpleUploadedFile(f"件{n}.pdf", PDF), user=user)
    record_delete(instance=Patent.objects.first(), user=user)
    clerk, _ = system_services.user_create(username=f"user{size}", full_name="某人", role="录入员", by=user)
    system_services.user_unlock(user=clerk, by=user)


@pytest.mark.parametrize("size", [2, 12])
def test_a_page_takes_a_constant_number_of_queries(size, admin_user, django_assert_max_num_queries):
    _history_of_every_kind(size, admin_user)
    with django_assert_max_num_queries(QUERIES_PER_PAGE):
        page = oplog.operation_log_page(filters=oplog.Filters(), per_page=200, viewer=admin_user)
    assert len(page.rows) == 8 * size + 3  # every line of both sizes is on the page


# Measured: the same at 2 and at 12 of each (5 record types, attachments, 用户管理 on the page).
QUERIES_PER_PAGE = 23


def test_a_whole_ledger_import_is_one_entry_across_its_sheets(admin_client, admin_user, tmp_path):
    from bureau.importexport import services as io_services
    from bureau.models import ImportBatch

    factories.PatentFactory(title="整本导入的专利")
    path = tmp_path / "ledger.xlsx"
    io_services.export_ledger(year=2023, output=str(path))
    report = io_services.import_ledger(path=path, user=admin_user, commit=True, file_name="2023年科技台账.xlsx")
    assert report.committed, report.lines()
    batch = ImportBatch.objects.get()
    assert batch.scope == "整本台账" and ",patents.patent," in batch.labels and ",bureau.enterprise," in batch.labels
    imports = [row for row in log_rows(admin_client) if row[2] == "导入"]
    assert len(imports) == 1 and imports[0][3] == "整本台账" and imports[0][4] == "2023年科技台账.xlsx"
    assert f"无变化 {batch.totals()['unchanged']} 条" in imports[0][5] and batch.totals()["unchanged"] >= 2
    # The record-type filter finds the batch under each type it wrote.
    assert [row[2] for row in log_rows(admin_client, type="patents.patent", operation="导入")] == ["导入"]


def test_past_the_counting_cap_the_page_says_more_and_pages_on(admin_client, monkeypatch):
    for n in range(7):
        factories.EnterpriseFactory(name=f"辛公司{n}")
    monkeypatch.setattr(oplog, "COUNT_CAP", 3)
    page = oplog.operation_log_page(filters=oplog.Filters(), per_page=2, page=3)
    assert (page.count, page.more, page.number, len(page.rows), page.has_next) == (3, True, 3, 2, True)
    last = oplog.operation_log_page(filters=oplog.Filters(), per_page=2, page=4)
    assert (len(last.rows), last.has_next) == (1, False)
    assert "3 条以上" in admin_client.get(reverse("system:operation_log")).content.decode()


@pytest.mark.parametrize("query", ["user=99999999999999999999", "page=99999999999999999999", "user=-1&page=0"])
def test_a_number_too_large_for_the_database_is_no_500(admin_client, monkeypatch, query):
    monkeypatch.setattr(oplog, "COUNT_CAP", 0)  # past the cap the page number is not clamped to the last page
    assert admin_client.get(f"{reverse('system:operation_log')}?{query}").status_code == 200
    assert admin_client.get(f"{reverse('system:login_log')}?{query}").status_code == 200
