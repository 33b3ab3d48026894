"""Issue 15 point 8: years outside the ledger's range are 404; reading a year's report writes nothing."""

import datetime

import pytest
from django.utils import timezone

from bureau.models import Report
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [0, 1999, 2101, 10000, 10**30])
def test_years_outside_the_ledger_are_404(staff_client, leader_client, year):
    assert staff_client.get(f"/reports/{year}/").status_code == 404
    assert leader_client.get(f"/reports/{year}/draft.pdf").status_code == 404
    assert staff_client.post(f"/reports/{year}/sections/problems/", {"text": "改"}).status_code == 404
    assert staff_client.post(f"/reports/{year}/options/", {"patents_until": ""}).status_code == 404
    assert not Report.objects.exists()


def test_opening_a_year_as_staff_creates_no_row(staff_client):
    small_ledger()
    for url in ("/reports/2023/", "/reports/2022/", "/reports/2023/draft.docx", "/reports/?year=2024"):
        assert staff_client.get(url, follow=True).status_code == 200
    assert not Report.objects.exists()
    assert "还没有报告" in staff_client.get("/reports/").content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/reports/2023/sections/problems/", {"text": "一是科技投入不足。"}),
        ("/reports/2023/options/", {"patents_until": "2023-10-31", "issued_on": ""}),
        ("/reports/2023/issue/", {}),
    ],
)
def test_the_first_save_creates_the_row(staff_client, url, data, monkeypatch):
    small_ledger()
    # 定稿 without a 成文日期 takes the day of 定稿, which must fall in the report's year or the next.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2023, 12, 20))
    staff_client.post(url, data)
    assert Report.objects.filter(year=2023).count() == 1


def test_reopening_a_year_never_issued_is_refused_and_writes_nothing(staff_client):
    page = staff_client.post("/reports/2023/reopen/", follow=True).content.decode()
    assert "报告尚未定稿" in page and not Report.objects.exists()
