"""The filter bar: search across related names by subquery, unit selects kept while the units are unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau import services
from bureau.filtering import FastSelect, search_q
from bureau.models import Enterprise
from patents.filtersets import PatentFilterSet
from patents.models import Patent
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_search_by_the_applicants_name_uses_a_subquery_not_a_join():
    wanted = f.PatentFactory(applicant=f.EnterpriseFactory(name="甲乙丙科技有限公司"))
    f.PatentFactory(applicant=f.EnterpriseFactory(name="丁戊己有限公司"))
    f.PatentFactory(applicant=None, applicant_person="张三")
    found = PatentFilterSet({"q": "乙丙"}, queryset=Patent.objects.all()).qs
    assert list(found) == [wanted]
    assert "JOIN" not in str(found.query)
    assert list(PatentFilterSet({"q": "张三"}, queryset=Patent.objects.all()).qs.values_list("applicant_person")) == [
        ("张三",)
    ]


def select_html(value=None) -> str:
    widget = FastSelect()
    widget.choices = PatentFilterSet({}, queryset=Patent.objects.all()).form.fields["applicant"].choices
    return widget.render("applicant", value)


def test_unit_select_is_kept_while_the_units_are_unchanged(admin_user):
    units = [f.EnterpriseFactory(name=f"单位{n}<&>") for n in range(3)]
    first = select_html()
    assert "单位1&lt;&amp;&gt;" in first
    with CaptureQueriesContext(connection) as queries:
        assert select_html() == first
    assert len(queries) == 1  # the state of the rows; the names are not read again
    assert f'<option value="{units[1].pk}" selected>' in select_html(units[1].pk)
    assert '<option value="" selected>' not in select_html(units[1].pk)

    unit = Enterprise.objects.get(pk=units[2].pk)
    unit.name = "改名后的单位"
    services.record_save(instance=unit, user=admin_user, expected_version=unit.version)
    assert "改名后的单位" in select_html()
    Enterprise.objects.filter(pk=units[0].pk).update(name="悄悄改名的单位")  # no save(): version and time unchanged
    assert "悄悄改名的单位" in select_html()
    f.EnterpriseFactory(name="新单位")
    assert "新单位" in select_html()


@pytest.mark.parametrize(("term", "lookup"), [("乙丙", "contains"), ("2023", "contains"), ("zl", "icontains")])
def test_search_folds_case_only_for_terms_with_letters(term, lookup):
    assert search_q(Patent, "title", term).children == [(f"title__{lookup}", term)]


def test_search_finds_the_same_rows_with_or_without_case_folding():
    # On SQLite both lookups are the same LIKE; on PostgreSQL `contains` skips UPPER(), and must find the same rows.
    wanted = f.PatentFactory(title="一种mRNA疫苗的制备方法")
    f.PatentFactory(title="一种灌溉装置")
    for term in ("疫苗", "MRNA", "rna疫"):
        assert list(PatentFilterSet({"q": term}, queryset=Patent.objects.all()).qs) == [wanted], term


def test_global_search_finds_what_the_list_search_finds(staff_client):
    wanted = f.PatentFactory(title="一种灌溉装置", applicant=f.EnterpriseFactory(name="甲乙丙Tech有限公司"))
    f.PatentFactory(title="一种灌溉装置", applicant=f.EnterpriseFactory(name="丁戊己有限公司"))
    for query in ("乙丙", "tech", "乙丙 灌溉"):  # each word in some search field
        listed = list(PatentFilterSet({"q": query}, queryset=Patent.objects.all()).qs)
        results = staff_client.get(reverse("search"), {"q": query}).context["results"]
        found = [hit for result in results for hit in result["hits"] if isinstance(hit, Patent)]
        assert found == listed == [wanted], query
