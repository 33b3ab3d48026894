"""Browser test in Chromium: a clerk enters a past year's approval and it keeps that year's date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import ProjectApplication
from projects.selectors import project_counts_by_year
from tests.factories import ProgramFactory, ProjectApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_past_year_approval_keeps_its_years_date(live_server, login, staff_user):
    this_year = timezone.localdate().year
    year = this_year - 3  # a 2023 project entered in 2026
    project = ProjectApplicationFactory(
        year=year,
        status="applied",
        applied_on=datetime.date(year, 3, 1),
        program=ProgramFactory(name="市级指导性科技计划", level="municipal"),
    )
    page = login("staff")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("projects:projectapplication_edit", args=[project.pk]))
    decided_on = page.locator("#id_decided_on")
    expect(decided_on).to_have_value("")

    # Choosing 已立项 shows its date, required and prefilled in the project's year, never today.
    page.select_option("#id_status", "approved")
    expect(decided_on).to_have_value(f"{year}-12-31")
    expect(page.locator("label[for=id_decided_on] .required-mark")).to_be_visible()
    expect(page.locator("#field-decided_on .workflow-hint")).to_contain_text("建议的立项日期")
    # Going back to 已申报 takes the suggestion away again.
    page.select_option("#id_status", "applied")
    expect(decided_on).to_have_value("")
    expect(page.locator("label[for=id_decided_on] .required-mark")).to_have_count(0)

    # The clerk keeps the suggestion; the save message says which date the project now counts under.
    page.select_option("#id_status", "approved")
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text(f"已保存：{project}；立项日期：{year}年12月31日")

    project.refresh_from_db()
    assert project.status == ProjectApplication.Status.APPROVED
    assert project.decided_on == datetime.date(year, 12, 31)
    counts = project_counts_by_year(years=[year, this_year])
    assert counts[year]["approved"] == 1  # still in that year's figures
    assert counts[this_year]["approved"] == 0

    # The status path in the history shows the date as saved.
    page.goto(live_server.url + reverse("projects:projectapplication_history", args=[project.pk]))
    expect(page.locator("#status-path")).to_contain_text(f"已立项（{year}年12月31日）")
    assert errors == []
