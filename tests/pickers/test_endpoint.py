"""The pickers' endpoint: permission, what it finds (pinyin initials, credit code, short name), order, query count."""

import pytest
from django.test import Client
from django.urls import reverse

from bureau import services
from bureau.models import Enterprise
from bureau.registry import registry
from tests import factories as f
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/bureau/enterprise/choices/"


def texts(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_every_record_type_has_its_endpoint_behind_its_view_permission(role_clients, django_user_model):
    nobody = Client()
    nobody.force_login(make_user(django_user_model, "nobody", None))
    for record_type in registry:
        url = reverse(record_type.url_name("choices"))
        assert role_clients["leader"].get(url).status_code == 200, url
        assert nobody.get(url).status_code == 403, url
        assert role_clients["anonymous"].get(url).status_code == 302, url  # to the login page
    assert reverse("bureau:enterprise_choices") == URL


def test_finds_a_unit_by_pinyin_initials_and_full_pinyin(staff_client):
    f.EnterpriseFactory(name="XX驰邦药业有限公司")
    f.EnterpriseFactory(name="上海普正制药有限公司")
    f.EnterpriseFactory(name="长江大学")
    assert texts(staff_client, q="cbyy") == ["XX驰邦药业有限公司"]
    assert texts(staff_client, q="CBYY") == ["XX驰邦药业有限公司"]
    assert texts(staff_client, q="puzheng") == ["上海普正制药有限公司"]
    # 长 in 长江 reads cháng: the phrase decides, not the first reading of the character.
    assert texts(staff_client, q="cjdx") == ["长江大学"]


def test_finds_a_unit_by_credit_code_and_by_short_name_and_says_which(staff_client):
    wanted = f.EnterpriseFactory(name="XX县普正药业有限公司", short_name="普正药业", credit_code=f.credit_code(4321))
    f.EnterpriseFactory(name="XX县汇仁药业有限公司", short_name="汇仁")
    assert texts(staff_client, q=wanted.credit_code[-8:]) == [wanted.name]
    assert texts(staff_client, q=wanted.credit_code.lower()) == [wanted.name]
    assert texts(staff_client, q="普正药业") == [wanted.name]
    (result,) = staff_client.get(URL, {"q": "普正药业"}).json()["results"]
    assert result == {"value": str(wanted.pk), "text": wanted.name, "hint": f"普正药业 · {wanted.credit_code}"}


def test_sorted_by_pinyin_not_by_character_code(staff_client):
    for name in ("中国科学院XX分院", "北京大学", "XX县农业科学研究所", "安徽医科大学", "重庆大学"):
        f.EnterpriseFactory(name=name)
    assert texts(staff_client) == ["安徽医科大学", "北京大学", "重庆大学", "XX县农业科学研究所", "中国科学院XX分院"]


def test_a_renamed_unit_is_found_by_its_new_initials(staff_client, admin_user):
    unit = f.EnterpriseFactory(name="甲乙化工有限公司")
    unit.name = "丙丁化工有限公司"
    services.record_save(instance=unit, user=admin_user, expected_version=unit.version)
    assert texts(staff_client, q="bdhg") == ["丙丁化工有限公司"]
    assert texts(staff_client, q="jyhg") == []


def test_twenty_at_a_time_and_says_there_are_more(staff_client):
    Enterprise.objects.bulk_create(Enterprise(name=f"测试单位{n:03d}") for n in range(25))
    data = staff_client.get(URL).json()
    assert len(data["results"]) == 20 and data["more"] is True
    assert staff_client.get(URL, {"q": "csdw02"}).json() == {
        "results": [{"value": str(u.pk), "text": u.name, "hint": ""} for u in Enterprise.objects.order_by("name")[20:]],
        "more": False,
    }


def test_the_field_it_fills_limits_the_choices(staff_client):
    """合作院校/院所 of 产学研合作 offers universities and institutes only (the model's limit_choices_to)."""
    f.EnterpriseFactory(name="XX科技有限公司")
    f.InstituteFactory(name="XX大学")
    assert texts(staff_client, q="XX", field="outreach.partnership.partner") == ["XX大学"]
    assert texts(staff_client, q="XX", field="outreach.partnership.enterprise") == ["XX大学", "XX科技有限公司"]
    # A field that chooses no unit, or names nothing, limits nothing.
    for spec in ("patents.patent.title", "outreach.partnership", "nothing.here.at_all"):
        assert len(texts(staff_client, q="XX", field=spec)) == 2


def test_other_record_types_are_found_by_their_registered_fields(staff_client):
    f.ScienceWeekFactory(year=2023, theme="创新创业 科技惠民")
    response = staff_client.get(reverse("outreach:scienceweek_choices"), {"q": "惠民"})
    assert [r["text"] for r in response.json()["results"]] == ["2023年科技活动周"]


# The session, the user, the user's and the groups' permissions, then one query for the choices.
QUERY_BUDGET = 5


@pytest.mark.parametrize("query", ["", "yxgs", "有限", f.credit_code(9)[:6]])
def test_constant_number_of_queries_at_two_sizes(staff_client, django_assert_max_num_queries, query):
    Enterprise.objects.bulk_create(Enterprise(name=f"测试{n}有限公司", credit_code=f.credit_code(n)) for n in range(30))
    staff_client.get(URL, {"q": query})  # the session and permissions cached as on every later request
    with django_assert_max_num_queries(QUERY_BUDGET) as small:
        staff_client.get(URL, {"q": query})
    Enterprise.objects.bulk_create(
        Enterprise(name=f"第{n}实验有限公司", credit_code=f.credit_code(n)) for n in range(30, 2030)
    )
    with django_assert_max_num_queries(QUERY_BUDGET) as larger:
        assert staff_client.get(URL, {"q": query}).status_code == 200
    assert len(small.captured_queries) == len(larger.captured_queries)


def test_a_unit_renamed_by_an_import_is_found_by_its_new_initials(staff_client, admin_user, tmp_path):
    from bureau.importexport import services as io_services

    unit = f.EnterpriseFactory(name="甲乙化工有限公司", credit_code=f.credit_code(31))
    path = tmp_path / "units.csv"
    path.write_text(f"单位名称,统一社会信用代码,单位类型\n丙丁化工有限公司,{unit.credit_code},企业\n", encoding="utf-8")
    result = io_services.import_records(record_type=registry.get(Enterprise), path=path, user=admin_user, commit=True)
    assert result.committed, result.errors
    assert texts(staff_client, q="bdhg") == ["丙丁化工有限公司"]
    assert texts(staff_client, q="jyhg") == []
