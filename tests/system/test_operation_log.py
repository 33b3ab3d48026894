"""操作日志: one page across every record type's history, attachments, imports and 用户管理."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.attachments.services import attachment_delete, attachment_upload
from bureau.models import Enterprise
from bureau.restore.services import record_restore
from bureau.services import record_delete, record_save
from bureau.system import oplog, services as system_services
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
