"""The report page links each computed figure to the records behind it, with its 口径; the files stay clean."""

import datetime
import re
from html import unescape

import pytest
from playwright.sync_api import expect

from bureau.models import Report
from bureau.report.document import compose, section_states
from bureau.report.render import render_body, render_docx
from bureau.templatetags.evidence import cited
from tests.selectors.records import small_ledger

LINK = re.compile(r'<a href="([^"]+)" class="figure-evidence" title="([^"]+)">([^<]+)</a>')


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r"共 (\d+) 条", response.content.decode()).group(1))


def test_cited_links_only_what_follows_its_lead_and_escapes_the_rest():
    evidence = [{"lead": "申请专利", "text": "15件", "url": "/patents/?a=1&b=2", "title": "口径：<专利>"}]
    html = cited("共有15件，申请专利15件<b>", evidence)
    assert html == (
        '共有15件，申请专利<a href="/patents/?a=1&amp;b=2" class="figure-evidence" title="口径：&lt;专利&gt;">'
        "15件</a>&lt;b&gt;"
    )
    assert cited("申请专利16件", evidence) == "申请专利16件"


@pytest.mark.django_db
def test_report_page_links_figures_to_their_records(leader_client):
    small_ledger()
    report = Report.objects.create(year=2023, patents_until=datetime.date(2023, 10, 31))
    page = leader_client.get("/reports/2023/").content.decode()
    links = LINK.findall(page)
    assert len(links) >= 6
    titles = {unescape(title) for _, title, _ in links}
    assert "口径：申请日在2023年1月1日至10月31日之间的专利" in titles
    for url, title, text in links:
        number = re.match(r"[\d.,]+", text).group(0)
        if text.endswith(("件", "项", "人")) and "科技活动周" not in title:
            assert list_count(leader_client, unescape(url)) == int(number), (title, text)
    # The printed files carry no links.
    document = compose(report, states=section_states(report))
    assert "figure-evidence" not in render_body(document)
    assert b"figure-evidence" not in render_docx(document)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_figure_in_the_preview_opens_its_records(live_server, login, leader_user, page):
    small_ledger()
    login("leader")
    page.goto(f"{live_server.url}/reports/2023/")
    link = page.locator("#part-achievements a.figure-evidence").first
    expect(link).to_have_attribute("title", re.compile("^口径：申请日在2023年"))
    count = re.match(r"\d+", link.inner_text()).group(0)
    link.click()
    expect(page.locator("body")).to_contain_text(f"共 {count} 条")
    assert "/patents/patent/" in page.url
