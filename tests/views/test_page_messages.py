"""Messages of an anchored redirect are shown in the section the page opens at, and at the top where it has none."""

import datetime

import pytest

from bureau.attachments.services import attachment_upload
from bureau.report.services import report_draft, report_issue, report_options_save
from bureau.services import record_delete
from tests.factories import EnterpriseFactory, ProjectApplicationFactory
from tests.records.files import EXE_BYTES, PDF_BYTES, upload
from tests.records.test_attachments import upload_url
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db


def between(page: str, text: str, start: str, end: str) -> bool:
    """True when `text` appears once in the page, inside the part that begins at `start` and ends before `end`."""
    return page.count(text) == 1 and page.index(start) < page.index(text) < page.index(end, page.index(start))


def test_attachment_messages_are_in_the_attachments_section(staff_client):
    record = EnterpriseFactory()
    response = staff_client.post(upload_url(record), {"file": upload("营业执照.pdf", EXE_BYTES)})
    assert response["Location"].endswith("#attachments")
    page = staff_client.get(response["Location"]).content.decode()
    assert between(page, "上传失败（营业执照.pdf）", 'id="attachments"', "</section>")
    assert 'class="alert alert-danger' in page

    staff_client.post(upload_url(record), {"file": upload("立项批复.pdf", PDF_BYTES)})
    page = staff_client.get(record.get_absolute_url()).content.decode()
    assert between(page, "已上传附件：立项批复.pdf", 'id="attachments"', "</section>")
    # Shown once: the next page has no message left.
    assert "已上传附件" not in staff_client.get(record.get_absolute_url()).content.decode()


def test_a_deleted_records_attachment_message_is_at_the_top_of_its_history(staff_client, staff_user):
    record = ProjectApplicationFactory()
    attachment = attachment_upload(record=record, file=upload("立项批复.pdf", PDF_BYTES), user=staff_user)
    url = upload_url(record, "delete", attachment)
    record_delete(instance=record, user=staff_user)
    response = staff_client.post(url, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/history/")
    assert between(page, "已删除附件：立项批复.pdf", '<main class="content">', "</main>")


def test_a_saved_section_says_so_in_the_section(staff_client):
    small_ledger()
    response = staff_client.post("/reports/2023/sections/problems/", {"text": "一是科技发展水平不够平衡。"})
    assert response["Location"] == "/reports/2023/#part-problems"
    page = staff_client.get(response["Location"]).content.decode()
    assert between(page, "本部分已保存。", 'id="part-problems"', "编辑本部分")
    # The report's settings have no section of their own: their message stays at the top.
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": ""})
    page = staff_client.get("/reports/2023/").content.decode()
    assert between(page, "报告设置已保存。", '<main class="content">', 'id="part-')


def test_a_section_saved_after_finalising_is_refused_at_the_top_of_the_issued_page(staff_client, staff_user):
    small_ledger()
    report = report_draft(year=2023)
    report_options_save(report=report, patents_until=None, issued_on=datetime.date(2023, 12, 20))
    report_issue(report=report, user=staff_user)
    # A tab opened before the 定稿 posts its edit: the issued page shows the issued text, no edit forms,
    # so it opens at its top, with the refusal there.
    response = staff_client.post("/reports/2023/sections/problems/", {"text": "改"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [("/reports/2023/", 302)]
    assert between(page, "报告已定稿，请先开始新的草稿再修改。", '<main class="content">', 'id="issued-text"')


def test_a_placed_message_without_its_section_on_the_page_is_shown_at_the_top():
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    from bureau.page_messages import PREFIX
    from bureau.templatetags.page_messages import page_messages, placed_messages

    placed = Message(constants.ERROR, "上传失败", extra_tags=PREFIX + "attachments")
    plain = Message(constants.SUCCESS, "已保存")
    with_section = {"messages": [placed, plain], "message_places": ["attachments"]}
    assert page_messages(with_section)["messages"] == [plain]
    assert placed_messages(with_section, "attachments")["messages"] == [placed]
    # A page that does not render the section (no detail permission, another page) keeps it at the top.
    without = {"messages": [placed, plain]}
    assert page_messages(without)["messages"] == [placed, plain]
    assert placed_messages(without, "attachments")["messages"] == []
