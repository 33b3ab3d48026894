"""Bad input never breaks a page: hostile values in every record type's form and every list's filters.

The answer is a saved, valid record or a form error in Chinese; never a 500. Examples start from a
valid form (built from the model) and replace a few fields, so both outcomes are exercised.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bureau.registry import registry
from tests.reliability.builders import form_data, record_values

CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE_TEXT = [
    "",
    " ",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "ＡＢＣ１２３　全角",  # full-width forms
    "科技局🚀🧪👩‍🔬",  # emoji, including a ZWJ sequence
    "\x00null",
    "'; DROP TABLE bureau_enterprise; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "字" * 5000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "0.001",
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
    "2023年5月11日",
    "1899-12-31",
    "１９９９",
]
hostile = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=300), st.integers().map(str))
RECORD_TYPES = [rt for rt in registry if rt.form is not None and not getattr(rt, "singleton", False)]
LIST_TYPES = [rt for rt in registry if rt.filterset is not None]
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_chinese_errors(response, where: str) -> None:
    form = response.context["form"]
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages, f"{where}: 200 without a form error"
    for message in messages:
        assert CJK.search(message), f"{where}: error not in Chinese: {message!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_add_form_never_breaks(record_type, admin_client, admin_user):
    model = record_type.model
    valid = form_data(record_type, model(**record_values(model, user=admin_user)))
    url = reverse(record_type.url_name("add"))
    names = sorted(name for name in record_type.form.base_fields if name != "version")

    @FAST
    @given(changes=st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=3))
    def post(changes):
        with transaction.atomic():
            response = admin_client.post(url, {**valid, **changes})
            where = f"{url} {changes!r}"
            assert response.status_code in (200, 302), f"{where} → {response.status_code}"
            if response.status_code == 302:
                saved = model._default_manager.order_by("-pk").first()
                saved.full_clean()
            else:
                assert_chinese_errors(response, where)
            transaction.set_rollback(True)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", LIST_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_list_filters_never_break(record_type, staff_client, admin_user):
    from tests.reliability.builders import new_record

    new_record(record_type.model, user=admin_user)
    url = reverse(record_type.url_name("list"))
    names = sorted({*record_type.filterset.base_filters, "q", "page", "sort", "per_page"})

    @FAST
    @given(params=st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=4))
    def get(params):
        response = staff_client.get(url, {key: value.replace("\x00", "") for key, value in params.items()})
        assert response.status_code in (200, 404), f"{url} {params!r} → {response.status_code}"

    get()


@pytest.mark.django_db
@FAST
@given(query=hostile)
def test_global_search_never_breaks(staff_client, query):
    response = staff_client.get(reverse("search"), {"q": query.replace("\x00", "")})
    assert response.status_code == 200
