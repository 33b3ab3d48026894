"""LedgerPaginator: the back half read from the end, in two steps, or from a filtered list's few keys,
gives the same pages; estimated counts."""

import math

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau import pagination
from bureau.models import Industry
from bureau.pagination import LedgerPaginator, rounded, total_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def industries():
    """23 more industries, their sort orders full of ties."""
    Industry.objects.bulk_create(Industry(name=f"分页测试{n:02d}", sort_order=n % 3) for n in range(23))
    return Industry.objects.all()


def pages(paginator) -> list[list[int]]:
    return [[row.pk for row in paginator.page(number).object_list] for number in paginator.page_range]


@pytest.fixture(params=["one step", "two steps"])
def steps(request, monkeypatch):
    """Pages read in one query, or (as on a large table) keys first, then rows."""
    if request.param == "two steps":
        monkeypatch.setattr(pagination, "TWO_STEPS_ABOVE", 5)
    return request.param


@pytest.mark.parametrize("ordering", [("sort_order",), ("-sort_order",), ("-sort_order", "-name"), ()])
def test_back_half_read_from_the_end_gives_the_same_pages(industries, ordering, steps):
    queryset = industries.order_by(*ordering) if ordering else industries.order_by()
    expected = pages(Paginator(total_order(queryset), 5))
    assert pages(LedgerPaginator(queryset, 5)) == expected
    assert sorted(pk for page in expected for pk in page) == sorted(industries.values_list("pk", flat=True))


@pytest.mark.parametrize("few_rows", [30, 22])  # all 23 rows are few, or they are not
@pytest.mark.parametrize("ordering", [("sort_order",), ("-sort_order", "-name"), ()])
def test_a_filtered_list_of_few_rows_is_counted_and_sorted_from_its_keys(industries, ordering, few_rows, monkeypatch):
    monkeypatch.setattr(pagination, "FEW_ROWS", few_rows)
    queryset = industries.filter(name__startswith="分页测试").order_by(*ordering)
    expected = pages(Paginator(total_order(queryset), 5))
    with CaptureQueriesContext(connection) as queries:
        paginator = LedgerPaginator(queryset, 5)
        assert pages(paginator) == expected
    assert paginator.count == 23
    assert len(queries) == 1 + len(expected)  # one query counts, whatever the count; one reads each page
    by_keys = [query for query in queries[1:] if " IN (" in query["sql"]]
    assert len(by_keys) == (len(expected) if few_rows >= 23 else 0)


def test_a_filter_nothing_can_match_is_an_empty_list(industries):
    paginator = LedgerPaginator(industries.filter(pk__in=[]).order_by("name"), 5)
    assert paginator.count == 0
    assert list(paginator.page(1).object_list) == []


def test_list_pages_show_the_rows_in_order(industries, admin_client, steps):
    expected = [list(page) for page in Paginator(total_order(industries.order_by("-sort_order")), 5)]
    url = reverse("bureau:industry_list")
    for number, rows in enumerate(expected, start=1):
        response = admin_client.get(url, {"sort": "-sort_order", "per_page": 5, "page": number})
        assert [row.record for row in response.context["table"].page.object_list] == rows


def test_total_order_adds_the_primary_key_only_when_no_unique_field_decides():
    assert total_order(Industry.objects.order_by("sort_order")).query.order_by == ("sort_order", "pk")
    assert total_order(Industry.objects.order_by("-name")).query.order_by == ("-name",)
    assert total_order(Industry.objects.all()).query.order_by == ()  # Meta.ordering ends in the unique name


def test_per_page_is_kept_within_bounds(industries):
    assert LedgerPaginator(industries, 0).per_page == 1
    assert LedgerPaginator(industries, -5).per_page == 1
    assert LedgerPaginator(industries, 10_000).per_page == pagination.MAX_PER_PAGE


class EstimatingPaginator(LedgerPaginator):
    """A paginator told that the table holds `estimate` rows, as pg_class would."""

    estimate = 0

    @property
    def count(self):
        if "count" not in self.__dict__:
            self.__dict__["count"] = self.estimate
            self.estimated = True
        return self.__dict__["count"]


def estimating(estimate: int):
    return type("Estimating", (EstimatingPaginator,), {"estimate": estimate})


@pytest.mark.parametrize("error", [0, -3, -7, 4])
def test_estimated_count_first_and_last_pages_are_the_true_ones(industries, error, steps):
    queryset = industries.order_by("sort_order")
    rows = list(total_order(queryset).values_list("pk", flat=True))
    paginator = estimating(len(rows) + error)(queryset, 5)
    assert [row.pk for row in paginator.page(1).object_list] == rows[:5]
    last = paginator.page(paginator.num_pages)
    assert paginator.estimated
    assert [row.pk for row in last.object_list] == rows[-len(last.object_list) :]
    assert math.ceil((len(rows) + error) / 5) == paginator.num_pages


def test_estimate_too_high_is_found_out_by_a_short_page_and_counted(industries, steps):
    rows = list(total_order(industries).values_list("pk", flat=True))
    true_pages = math.ceil(len(rows) / 5)
    paginator = estimating(len(rows) * 4)(industries, 5)
    # The page after the true last one: in the front half of the estimate, past the true end.
    page = paginator.page(true_pages + 1)
    assert not paginator.estimated
    assert paginator.count == len(rows)
    assert page.number == true_pages
    assert [row.pk for row in page.object_list] == rows[(true_pages - 1) * 5 :]


def test_page_beyond_the_estimate_is_empty(industries):
    paginator = estimating(12)(industries, 5)
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_rounded_keeps_three_significant_figures():
    assert rounded(199_873) == 200_000
    assert rounded(1_234_567) == 1_230_000
    assert rounded(987) == 987


def test_list_page_shows_an_estimate_as_approximate(industries, admin_client, monkeypatch):
    monkeypatch.setattr(pagination, "can_estimate", lambda queryset: True)
    monkeypatch.setattr(pagination, "estimate_or_count", lambda queryset: (123_456, None))
    response = admin_client.get(reverse("bureau:industry_list"), {"per_page": 5})
    assert response.context["count_estimated"]
    html = response.content.decode()
    assert "约 123000 条" in html
    assert "共 123" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class estimates: PostgreSQL only")
def test_postgresql_estimates_a_large_unfiltered_table_and_counts_a_filtered_one(industries, admin_client, monkeypatch):
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 10)
    total = Industry.objects.count()
    url = reverse("bureau:industry_list")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bureau_industry")
    estimate, exact = pagination.estimate_or_count(Industry.objects.all())
    assert exact is None and abs(estimate - total) <= 2
    response = admin_client.get(url, {"per_page": 5})
    assert response.context["count_estimated"]
    assert f"约 {rounded(estimate)} 条" in response.content.decode()
    last = response.context["table"].paginator.num_pages
    response = admin_client.get(url, {"page": last, "per_page": 5})
    assert response.status_code == 200
    last_rows = [row.record.pk for row in response.context["table"].page.object_list]
    assert last_rows[-1] == total_order(Industry.objects.all()).reverse()[0].pk
    # A filter makes the count exact: dashboard figures link to filtered lists.
    active = Industry.objects.filter(is_active=True).count()
    response = admin_client.get(url, {"is_active": "true"})
    assert not response.context["count_estimated"]
    assert f"共 {active} 条" in response.content.decode()
