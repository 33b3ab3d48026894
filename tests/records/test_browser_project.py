"""Browser test in Chromium: a clerk records a project, moves it to 已立项, uploads the approval letter, sees it all."""

import pytest
from playwright.sync_api import expect

from tests.factories import EnterpriseFactory, ProgramFactory

from .files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "裸花紫株颗粒二次开发及高新技术产业化"


def test_clerk_records_project_approves_it_uploads_letter_and_sees_it_on_enterprise_page(
    live_server, login, staff_user
):
    enterprise = EnterpriseFactory(name="XX普正制药有限公司", short_name="普正制药")
    ProgramFactory(name="市级科技协同创新重大专项", level="municipal")
    page = login("staff")

    # 1. Record the application through the form.
    page.goto(f"{live_server.url}/projects/projectapplication/add/")
    page.fill("#id_year", "2023")
    page.fill("#id_title", f" {TITLE} ")
    page.select_option("#id_program", label="市级科技协同创新重大专项")
    page.fill("#id_applicant-ts-control", "普正")  # the unit picker's type-ahead
    page.click("#id_applicant-ts-dropdown .option:has-text('XX普正制药有限公司')")
    page.select_option("#id_status", label="已申报")
    page.fill("#id_applied_on", "2023-03-15")
    page.fill("#id_funding_requested", "50")
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text(f"已保存：{TITLE}")
    project_url = page.url

    # 2. Move it from 已申报 to 已立项: the form offers only the legal next states.
    page.click("text=编辑")
    options = page.locator("#id_status option").all_inner_texts()
    assert [text for text in options if text.strip("-")] == ["已申报", "已推荐", "已立项", "未立项"]
    page.select_option("#id_status", label="已立项")
    page.fill("#id_decided_on", "2023-06-20")
    page.fill("#id_funding_approved", "30")
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator(".detail-grid")).to_contain_text("已立项")

    # 3. Upload the approval letter on the detail page.
    page.set_input_files(
        "#id_attachment_file", files=[{"name": "立项批复.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.fill("#id_attachment_description", "市科技局立项批复")
    page.click("#attachment-upload button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已上传附件：立项批复.pdf")
    expect(page.locator("#attachment-table")).to_contain_text("市科技局立项批复")
    with page.expect_download() as download_info:
        page.click("#attachment-table >> text=立项批复.pdf")
    download = download_info.value
    assert download.suggested_filename == "立项批复.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF_BYTES

    # 4. The history shows the path of statuses.
    page.click("text=变更历史")
    expect(page.locator("#status-path")).to_contain_text("已申报（2023年3月15日）")
    expect(page.locator("#status-path")).to_contain_text("已立项（2023年6月20日）")

    # 5. The enterprise's page lists the project with its status and approved amount; it links to the letter.
    page.goto(f"{live_server.url}{enterprise.get_absolute_url()}")
    projects = page.locator("#related-projectapplication")
    expect(projects).to_contain_text(TITLE)
    expect(projects).to_contain_text("已立项")
    expect(projects).to_contain_text("30.00")
    projects.locator(f"text={TITLE}").click()
    assert page.url == project_url
    expect(page.locator("#attachment-table")).to_contain_text("立项批复.pdf")
