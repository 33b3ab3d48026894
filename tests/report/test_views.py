"""The report pages: staff edit and finalise, leaders read and download but cannot edit."""

import pytest
from django.core.management import call_command

from bureau.models import Report, ReportIssue
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_roles_have_the_report_permissions(staff_user, leader_user, admin_user):
    assert staff_user.has_perm("bureau.edit_report") and staff_user.has_perm("bureau.download_report")
    assert leader_user.has_perm("bureau.download_report") and leader_user.has_perm("bureau.view_report")
    assert not leader_user.has_perm("bureau.edit_report")
    assert admin_user.has_perm("bureau.edit_report")


def test_staff_edits_resets_and_issues(ledger, staff_client):
    page = staff_client.get("/reports/2023/")
    assert page.status_code == 200
    content = page.content.decode()
    assert (
        "XX县科技局2023年工作总结和2024年工作计划" in content and "8.85%" in content and "恢复为自动生成" not in content
    )
    response = staff_client.post("/reports/2023/sections/problems/", {"text": "一是科技经费投入水平不高。"})
    assert response.status_code == 302
    content = staff_client.get("/reports/2023/").content.decode()
    assert "一是科技经费投入水平不高。" in content and "恢复为自动生成" in content
    staff_client.post("/reports/2023/sections/problems/reset/")
    assert "一是科技经费投入水平不高。" not in staff_client.get("/reports/2023/").content.decode()
    staff_client.post("/reports/2023/options/", {"patents_until": "2023-10-31", "issued_on": "2023-12-20"})
    assert "截至10月份，全县共申请专利3件" in staff_client.get("/reports/2023/").content.decode()

    staff_client.post("/reports/2023/issue/")
    issue = ReportIssue.objects.get()
    assert Report.objects.get(year=2023).is_locked
    download = staff_client.get(f"/reports/issues/{issue.pk}.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    refused = staff_client.post("/reports/2023/sections/problems/", {"text": "改"})
    assert refused.status_code == 302
    assert not Report.objects.get(year=2023).sections.filter(key="problems", text="改").exists()
    staff_client.post("/reports/2023/reopen/")
    assert not Report.objects.get(year=2023).is_locked


def test_leader_reads_and_downloads_but_cannot_edit(ledger, staff_client, leader_client):
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": "2023-12-20"})
    staff_client.post("/reports/2023/issue/")
    issue = ReportIssue.objects.get()
    page = leader_client.get("/reports/2023/").content.decode()
    assert "编辑本部分" not in page and "定稿版本" in page
    assert leader_client.post("/reports/2023/sections/problems/", {"text": "改"}).status_code == 403
    assert leader_client.post("/reports/2023/issue/").status_code == 403
    download = leader_client.get(f"/reports/issues/{issue.pk}.docx")
    assert download.status_code == 200
    draft = leader_client.get("/reports/2023/draft.pdf")
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    assert leader_client.get("/reports/").status_code == 200


def test_leader_opening_a_new_year_creates_nothing(ledger, leader_client):
    assert leader_client.get("/reports/2022/").status_code == 200
    assert not Report.objects.filter(year=2022).exists()


def test_anonymous_is_sent_to_login(client):
    assert client.get("/reports/2023/").status_code == 302


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_build_report_command(ledger, tmp_path, fmt):
    output = tmp_path / f"report.{fmt}"
    call_command("build_report", year=2023, format=fmt, output=str(output))
    data = output.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "docx":
        assert data.startswith(b"PK")
    else:
        assert "8.85%" in data.decode() and 'lang="zh-CN"' in data.decode()
    assert not Report.objects.exists()


def test_new_years_page_offers_last_years_narrative_and_copies_only_the_chosen(db, staff_client, staff_user):
    from bureau.report.services import report_draft, report_section_save

    report = report_draft(year=2023)
    report_section_save(report=report, key="ideas", text="以科技创新为引领。", omit_when_empty=False, user=staff_user)
    report_section_save(report=report, key="measures", text="强化项目管理。", omit_when_empty=False, user=staff_user)
    page = staff_client.get("/reports/2024/").content.decode()
    assert "从2023年报告复制" in page and 'value="ideas"' in page and 'value="measures"' in page
    assert not Report.objects.filter(year=2024).exists()
    refused = staff_client.post("/reports/2024/carry-over/", {}, follow=True).content.decode()
    assert "请选择要从上一年复制的部分" in refused and not Report.objects.filter(year=2024).exists()
    staff_client.post("/reports/2024/carry-over/", {"keys": ["measures"]})
    page = staff_client.get("/reports/2024/").content.decode()
    assert "强化项目管理。" in page and "以科技创新为引领。" in page  # ideas still offered, not copied
    sections = Report.objects.get(year=2024).sections.filter(is_edited=True)
    assert list(sections.values_list("key", flat=True)) == ["measures"]
    assert 'value="measures"' not in page
