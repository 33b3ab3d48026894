"""Query budget: every list and detail page, and the dashboard, take few queries and the same number at two data sizes.

Counts leave out transaction control (SAVEPOINT/RELEASE around the session save,
which exists only because each test runs inside a transaction).
"""

import pytest
from django.urls import reverse

from bureau.devtools import synthetic
from bureau.registry import registry

LIST_BUDGET = 10
DETAIL_BUDGET = 10
# Each related section on a detail page reads its first rows with their total (one query).
PER_RELATED_SECTION = 1
DASHBOARD_BUDGET = 25
# Transaction-control statements one request may add to a test's count.
TRANSACTION_ALLOWANCE = 4
SMALL = {"years": 1, "scale": 1, "patents": 60, "seed": 3, "last_year": 2019}
LARGER = {"years": 3, "scale": 3, "patents": 900, "seed": 4, "last_year": 2023}


def is_transaction_control(sql: str) -> bool:
    return sql.split(None, 1)[0].upper() in {"SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"}


def count(client, url: str, budget: int, assert_max_queries) -> int:
    client.get(url)  # warm caches that fill once per process (content types, templates)
    with assert_max_queries(budget + TRANSACTION_ALLOWANCE, info=url) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    queries = [q for q in captured.captured_queries if not is_transaction_control(q["sql"])]
    assert len(queries) <= budget, f"{url}: {len(queries)} queries\n" + "\n".join(q["sql"][:200] for q in queries)
    return len(queries)


def pages() -> list[tuple[str, str, int]]:
    """(name, url, budget) of every page under test, for the data in the database now."""
    result = [("dashboard", f"{reverse('home')}?year={LARGER['last_year']}", DASHBOARD_BUDGET)]
    for rt in registry:
        list_url = reverse(rt.url_name("list"))
        result.append((f"{rt.model_name} list", list_url, LIST_BUDGET))
        result.append((f"{rt.model_name} list searched", f"{list_url}?q=有限", LIST_BUDGET))
        result.append((f"{rt.model_name} list by year", f"{list_url}?year={SMALL['last_year']}", LIST_BUDGET))
        # Past the end: the last page, read from the end of the list.
        result.append((f"{rt.model_name} list last page", f"{list_url}?page=9999", LIST_BUDGET))
        first = rt.model._default_manager.order_by("pk").first()
        if first is not None:
            budget = DETAIL_BUDGET + PER_RELATED_SECTION * len(rt.related)
            result.append((f"{rt.model_name} detail", first.get_absolute_url(), budget))
    return result


@pytest.mark.django_db
def test_query_counts_are_within_budget_and_constant_in_data_size(admin_client, django_assert_max_num_queries):
    synthetic.synthetic_ledger_create(**SMALL)
    small = {name: count(admin_client, url, budget, django_assert_max_num_queries) for name, url, budget in pages()}
    synthetic.synthetic_ledger_create(**LARGER)
    larger = {name: count(admin_client, url, budget, django_assert_max_num_queries) for name, url, budget in pages()}
    changed = {name: (small[name], larger[name]) for name in small if small[name] != larger.get(name)}
    assert not changed, f"query counts that grow with the data: {changed}"
    assert len(small) >= 2 * len(registry)
