"""The proofreader in the report editor: findings beside each section, 采纳, 忽略, and 定稿's confirm step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.models import DismissedFinding, Report, ReportIssue, ReportSection
from bureau.proofread import Finding
from bureau.report import builders
from bureau.report.builders import Part
from bureau.report.findings import checked_text, unapplicable
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db

WRONG = "全县经济社会开展势头良好。"
KEY = "confusable:kaizhan-fazhan:开展"


@pytest.fixture
def ledger(db):
    return small_ledger()


def findings_box(page: str, key: str) -> str:
    """The HTML of one section's findings column."""
    start = page.index(f'id="findings-{key}"')
    return page[start : page.index("</aside>", start)]


def section(key: str) -> ReportSection:
    return ReportSection.objects.get(report__year=2023, key=key)


def test_a_finding_is_shown_beside_its_section(ledger, staff_client):
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG + "\n开展科普活动12场。"})
    box = findings_box(staff_client.get("/reports/2023/").content.decode(), "intro")
    # The sentence with the word marked, what is wrong, the suggestion and the two buttons; 开展活动 is right.
    assert "全县经济社会<mark>开展</mark>势头良好。" in box
    assert "“开展”应为“发展”" in box and "建议：" in box and "发展" in box
    assert "采纳" in box and "忽略" in box
    assert box.count('class="report-finding"') == 1


def test_the_report_year_decides_outdated_formulations(ledger, staff_client):
    staff_client.post("/reports/2023/sections/ideas/", {"text": "深入学习贯彻党的十九大精神。"})
    box = findings_box(staff_client.get("/reports/2023/").content.decode(), "ideas")
    assert "<mark>党的十九大精神</mark>" in box and "不适用于2023年" in box
    staff_client.post("/reports/2018/sections/ideas/", {"text": "深入学习贯彻党的十九大精神。"})
    assert "<mark>" not in findings_box(staff_client.get("/reports/2018/").content.decode(), "ideas")


def test_apply_fixes_the_text_as_a_new_edit(ledger, staff_client, staff_user):
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    before = section("intro")
    response = staff_client.post("/reports/2023/sections/intro/findings/apply/", {"finding": KEY}, follow=True)
    assert "已采纳校对建议" in response.content.decode()
    after = section("intro")
    assert after.text == "全县经济社会发展势头良好。" and after.is_edited
    assert after.edited_at > before.edited_at and after.edited_by == staff_user
    page = staff_client.get("/reports/2023/").content.decode()
    assert "全县经济社会发展势头良好。" in page and "<mark>开展</mark>" not in page


def test_apply_keeps_cited_figures_and_fixes_the_clicked_occurrence(ledger, staff_client):
    text = "高新技术产业增加值占比{高新技术产业增加值占比}，经济社会开展较快。\n全县经济社会开展势头良好。"
    staff_client.post("/reports/2023/sections/intro/", {"text": text})
    box = findings_box(staff_client.get("/reports/2023/").content.decode(), "intro")
    assert "占比8.85%，经济社会<mark>开展</mark>较快。" in box
    staff_client.post("/reports/2023/sections/intro/findings/apply/", {"finding": KEY, "occurrence": "1"})
    assert section("intro").text == (
        "高新技术产业增加值占比{高新技术产业增加值占比}，经济社会开展较快。\n全县经济社会发展势头良好。"
    )


def test_a_stale_finding_changes_nothing(ledger, staff_client):
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    staff_client.post("/reports/2023/sections/intro/", {"text": "全县经济社会发展势头良好。"})
    response = staff_client.post("/reports/2023/sections/intro/findings/apply/", {"finding": KEY}, follow=True)
    assert "本部分已没有这处问题" in response.content.decode()
    assert section("intro").text == "全县经济社会发展势头良好。"


def test_generated_sections_are_proofread_and_apply_makes_them_staff_text(ledger, staff_client, monkeypatch):
    def build_problems(*, year, options):
        return Part(paragraphs=["一是经济社会开展不够平衡。"])

    monkeypatch.setattr(builders, "build_problems", build_problems)
    box = findings_box(staff_client.get("/reports/2023/").content.decode(), "problems")
    assert "一是经济社会<mark>开展</mark>不够平衡。" in box
    assert not Report.objects.exists()  # showing findings writes nothing
    staff_client.post("/reports/2023/sections/problems/findings/apply/", {"finding": KEY})
    fixed = section("problems")
    assert fixed.is_edited and fixed.text == "一是经济社会发展不够平衡。"


def test_dismissed_findings_stay_dismissed_after_edits(ledger, staff_client):
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    response = staff_client.post("/reports/2023/sections/intro/findings/dismiss/", {"finding": KEY}, follow=True)
    assert "已忽略" in response.content.decode()
    assert DismissedFinding.objects.get().section == section("intro")
    assert "<mark>开展</mark>" not in findings_box(staff_client.get("/reports/2023/").content.decode(), "intro")
    # The text moves around it: still dismissed (the key has no offsets); other sections are not affected.
    staff_client.post("/reports/2023/sections/intro/", {"text": "今年以来，" + WRONG})
    assert "<mark>开展</mark>" not in findings_box(staff_client.get("/reports/2023/").content.decode(), "intro")
    staff_client.post("/reports/2023/sections/measures/", {"text": WRONG})
    assert "<mark>开展</mark>" in findings_box(staff_client.get("/reports/2023/").content.decode(), "measures")
    # Dismissing the same finding twice keeps one row.
    staff_client.post("/reports/2023/sections/intro/findings/dismiss/", {"finding": KEY})
    assert DismissedFinding.objects.count() == 1


def test_issue_with_open_findings_lists_them_and_asks_to_confirm(ledger, staff_client):
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": "2023-12-20"})
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    confirm = staff_client.post("/reports/2023/issue/")
    content = confirm.content.decode()
    assert confirm.status_code == 200 and "确认定稿" in content
    assert "校对发现1处问题尚未处理" in content and "全县经济社会<mark>开展</mark>势头良好。" in content
    assert not ReportIssue.objects.exists()
    staff_client.post("/reports/2023/issue/", {"confirm_findings": "1"})
    assert ReportIssue.objects.count() == 1 and Report.objects.get(year=2023).is_locked


def test_issue_without_open_findings_has_no_extra_step(ledger, staff_client):
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": "2023-12-20"})
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    staff_client.post("/reports/2023/sections/intro/findings/dismiss/", {"finding": KEY})
    assert staff_client.get("/reports/2023/issue/").status_code == 302  # nothing to confirm
    response = staff_client.post("/reports/2023/issue/")
    assert response.status_code == 302 and ReportIssue.objects.count() == 1


def test_leaders_see_no_findings_and_cannot_act_on_them(ledger, staff_client, leader_client):
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    assert 'id="findings-intro"' not in leader_client.get("/reports/2023/").content.decode()
    assert leader_client.post("/reports/2023/sections/intro/findings/apply/", {"finding": KEY}).status_code == 403
    assert leader_client.post("/reports/2023/sections/intro/findings/dismiss/", {"finding": KEY}).status_code == 403
    assert section("intro").text == WRONG and not DismissedFinding.objects.exists()


def test_an_issued_report_offers_no_fixes(ledger, staff_client):
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": "2023-12-20"})
    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    staff_client.post("/reports/2023/issue/", {"confirm_findings": "1"})
    assert 'id="findings-intro"' not in staff_client.get("/reports/2023/").content.decode()
    response = staff_client.post("/reports/2023/sections/intro/findings/apply/", {"finding": KEY}, follow=True)
    assert "报告已定稿" in response.content.decode() and section("intro").text == WRONG


def test_checked_text_maps_fixes_onto_the_stored_text(ledger):
    staff_text = "  占比{高新技术产业增加值占比}，经济社会开展。\n\n  第二段。"
    report = Report.objects.create(year=2023)
    ReportSection.objects.create(report=report, key="intro", text=staff_text, is_edited=True)
    from bureau.report.document import section_states

    state = next(state for state in section_states(report) if state.key == "intro")
    checked = checked_text(state, {"高新技术产业增加值占比": "8.85%"})
    assert checked.text == "占比8.85%，经济社会开展。\n第二段。"
    start = checked.text.index("开展")
    assert checked.replaced(start, start + 2, "发展") == "  占比{高新技术产业增加值占比}，经济社会发展。\n\n  第二段。"
    # A span inside a filled figure, or across a line break, has no place in the stored text, and says so.
    assert checked.source_span(2, 4) is None
    line_break = checked.text.index("\n")
    assert checked.source_span(line_break - 1, line_break + 1) is None

    def finding(start: int, end: int) -> Finding:
        return Finding("number", start, end, checked.text[start:end], "", "", 1, start + 1, "k")

    assert "台账自动计算的数据" in unapplicable(checked, finding(2, 4))
    assert "跨越段落" in unapplicable(checked, finding(line_break - 1, line_break + 1))
    assert unapplicable(checked, finding(start, start + 2)) == ""


def test_the_editor_reads_dismissals_in_one_query_whatever_their_number(ledger, staff_client):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/reports/2023/").status_code == 200
        return len(queries)

    for key in ("intro", "ideas", "measures"):
        staff_client.post(f"/reports/2023/sections/{key}/", {"text": WRONG})
    staff_client.post("/reports/2023/sections/intro/findings/dismiss/", {"finding": KEY})
    one = page_queries()
    for key in ("ideas", "measures"):
        staff_client.post(f"/reports/2023/sections/{key}/findings/dismiss/", {"finding": KEY})
    assert DismissedFinding.objects.count() == 3
    assert page_queries() == one


def test_the_demo_years_generated_sections_have_no_finding(demo_ledger):
    """The builders' prose passes the proofreader as the editor reads it (each section whole, figures filled in).

    The demo's staff-written parts (transcribed from the seed) may have findings: those are the staff's to fix.
    """
    from bureau.report import selectors, services
    from bureau.report.document import section_states

    report = services.report_draft(year=2023)
    generated = [state for state in section_states(report) if not state.is_edited]
    assert sum(len(paragraph) for state in generated for paragraph in state.printed) > 1000
    found = selectors.section_findings(report=report, states=generated)
    assert found == {}, {key: [(f.text, f.finding.message) for f in items] for key, items in found.items()}


def test_the_editor_reads_the_formulation_list_once_whatever_the_sections_written(ledger, staff_client):
    def formulation_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/reports/2023/").status_code == 200
        return sum('"bureau_formulation"' in query["sql"] for query in queries.captured_queries)

    staff_client.post("/reports/2023/sections/intro/", {"text": WRONG})
    assert formulation_queries() == 1
    for key in ("ideas", "measures"):
        staff_client.post(f"/reports/2023/sections/{key}/", {"text": WRONG})
    assert formulation_queries() == 1
