"""Browser test in Chromium: the message of a refused or accepted upload is where the page opens (#attachments)."""

import pytest
from playwright.sync_api import expect

from tests.factories import EnterpriseFactory, ProjectApplicationFactory

from .files import EXE_BYTES, PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_messages_are_in_view_next_to_the_attachments(live_server, login, staff_user, page):
    enterprise = EnterpriseFactory(name="XX普正制药股份有限公司")
    # Enough related records that the attachments are well below the first screen.
    ProjectApplicationFactory.create_batch(25, applicant=enterprise)
    login("staff")
    page.goto(live_server.url + enterprise.get_absolute_url())

    page.set_input_files(
        "#id_attachment_file", files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}]
    )
    page.click("#attachment-upload button[type=submit]")
    page.wait_for_url("**#attachments")
    refused = page.locator(".alert-danger")
    expect(refused).to_have_count(1)  # once, in the section, not also at the top
    expect(refused).to_contain_text("上传失败（营业执照.pdf）：不支持的文件类型")
    expect(refused).to_be_in_viewport()
    expect(page.locator("#attachments .alert-danger")).to_be_visible()
    # The page opened at the attachments: its top, where messages used to be, is out of sight.
    expect(page.locator("h1").first).not_to_be_in_viewport()

    page.set_input_files(
        "#id_attachment_file", files=[{"name": "立项批复.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.click("#attachment-upload button[type=submit]")
    expect(page.locator("#attachments .alert-success")).to_contain_text("已上传附件：立项批复.pdf")
    expect(page.locator("#attachments .alert-success")).to_be_in_viewport()
    expect(page.locator(".alert-danger")).to_have_count(0)
