"""Pickers on the pages: 请选择 instead of ---------, every unit without JavaScript (by pinyin), 新增单位 dialog."""

import re

import pytest
from django.urls import reverse

from bureau import services
from bureau.models import Enterprise
from bureau.registry import registry
from tests import factories as f
from tests.views.record_data import RECORD_DATA

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("record_type", [rt for rt in registry if "add" in rt.actions], ids=lambda rt: rt.model_name)
def test_no_form_offers_dashes_as_a_choice(record_type, admin_client):
    RECORD_DATA[f"{record_type.app_label}.{record_type.model_name}"].form_data()  # the records it refers to
    page = admin_client.get(reverse(record_type.url_name("add"))).content.decode()
    assert "---------" not in page
    for select in re.findall(r"<select[^>]*>.*?</select>", page, re.S):
        empty = re.search(r'<option value=""[^>]*>([^<]*)</option>', select)
        assert empty is None or empty.group(1) in ("请选择", "全部"), select[:200]


def test_unit_picker_lists_every_unit_by_pinyin_for_use_without_javascript(staff_client):
    for name in ("中国科学院XX分院", "北京大学", "XX县农业科学研究所", "安徽医科大学"):
        f.EnterpriseFactory(name=name)
    page = staff_client.get(reverse("patents:patent_add")).content.decode()
    select = re.search(r'<select[^>]*name="applicant".*?</select>', page, re.S).group(0)
    assert re.findall(r">([^<]+)</option>", select) == [
        "请选择",
        "安徽医科大学",
        "北京大学",
        "XX县农业科学研究所",
        "中国科学院XX分院",
    ]
    assert 'data-picker-url="/bureau/enterprise/choices/"' in select
    assert 'data-picker-field="patents.patent.applicant"' in select
    assert 'data-picker-add-url="/bureau/enterprise/add/"' in select  # a clerk may add units


def test_a_saved_record_keeps_its_unit_selected(staff_client):
    patent = f.PatentFactory(applicant=f.EnterpriseFactory(name="XX驰邦药业有限公司"))
    page = staff_client.get(reverse("patents:patent_edit", args=[patent.pk])).content.decode()
    assert f'<option value="{patent.applicant_id}" selected>XX驰邦药业有限公司</option>' in page


def test_new_unit_in_a_dialog_answers_with_the_saved_unit(staff_client):
    headers = {"HTTP_X_LEDGER_DIALOG": "1"}
    url = reverse("bureau:enterprise_add")
    form = staff_client.get(url, **headers).content.decode()
    assert "<html" not in form and 'name="dialog-name"' in form
    assert "data-picker-add-url" not in form  # no dialog inside the dialog

    refused = staff_client.post(url, {"dialog-short_name": "驰邦药业", "dialog-kind": "enterprise"}, **headers)
    assert refused["Content-Type"].startswith("text/html")
    assert "请修改下列标红的内容后再保存" in refused.content.decode()
    assert 'value="驰邦药业"' in refused.content.decode()
    assert not Enterprise.objects.exists()

    saved = staff_client.post(
        url,
        {"dialog-name": "XX驰邦药业有限公司", "dialog-kind": "enterprise", "dialog-credit_code": f.credit_code(5)},
        **headers,
    )
    unit = Enterprise.objects.get()
    assert saved.json() == {"value": str(unit.pk), "text": "XX驰邦药业有限公司"}
    assert unit.history.get().history_type == "+"


def test_leader_gets_no_dialog(leader_client):
    response = leader_client.get(reverse("bureau:enterprise_add"), HTTP_X_LEDGER_DIALOG="1")
    assert response.status_code == 403


def test_pinyin_is_neither_shown_nor_a_change_in_the_history(staff_client, admin_user):
    unit = f.EnterpriseFactory(name="甲乙化工有限公司")
    unit.name = "丙丁化工有限公司"
    services.record_save(instance=unit, user=admin_user, expected_version=unit.version)
    for url in (unit.get_absolute_url(), reverse("bureau:enterprise_history", args=[unit.pk])):
        page = staff_client.get(url).content.decode()
        assert "拼音" not in page and "bdhg" not in page, url
    assert "丙丁化工有限公司" in page
