"""The filter bar: search across related names by subquery, unit pickers that read the chosen unit as it is now."""

import pytest
from django.urls import reverse

from bureau import services
from bureau.filtering import search_q
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


def test_filter_bar_names_a_unit_as_it_is_now_after_a_rename(staff_client, admin_user):
    """The chosen unit is read with the page: a rename (by the form or behind its back) shows at once."""
    unit = f.EnterpriseFactory(name="甲乙丙科技有限公司")
    url = reverse("patents:patent_list")
    page = staff_client.get(url, {"applicant": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>甲乙丙科技有限公司</option>' in page
    unit = Enterprise.objects.get(pk=unit.pk)
    unit.name = "改名后的单位"
    services.record_save(instance=unit, user=admin_user, expected_version=unit.version)
    page = staff_client.get(url, {"applicant": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>改名后的单位</option>' in page
    assert "甲乙丙科技有限公司" not in page
    Enterprise.objects.filter(pk=unit.pk).update(name="悄悄改名的单位")  # no save(): version and time unchanged
    assert "悄悄改名的单位" in staff_client.get(url, {"applicant": unit.pk}).content.decode()


def test_filter_bar_reads_only_the_chosen_unit_and_escapes_it(staff_client):
    """The type-ahead loads the others: the list page does not carry every unit."""
    chosen = f.EnterpriseFactory(name="单位<&>")
    f.EnterpriseFactory(name="另一家单位")
    page = staff_client.get(reverse("patents:patent_list"), {"applicant": chosen.pk}).content.decode()
    assert "单位&lt;&amp;&gt;" in page
    assert "另一家单位" not in page
    offered = staff_client.get(reverse("bureau:enterprise_choices")).json()["results"]
    assert [result["text"] for result in offered] == ["单位<&>", "另一家单位"]  # the type-ahead offers both


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
