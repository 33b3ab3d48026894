"""Check 6: outdated formulations (提法), from the list admins keep."""

import pytest

from bureau.models import Formulation
from bureau.proofread import proofread
from tests import factories as f

pytestmark = pytest.mark.django_db


def formulations(text: str, year: int | None) -> list[tuple[str, str | None]]:
    return [(x.text, x.suggestion) for x in proofread(text, year=year, names=[]) if x.check == "formulation"]


def test_the_seeded_list_flags_a_formulation_outside_its_years():
    assert Formulation.objects.filter(text="党的十九大精神", valid_to_year=2022).exists()
    text = "认真学习贯彻党的十九大精神。"
    assert formulations(text, 2024) == [("党的十九大精神", "党的二十大精神")]
    assert formulations(text, 2021) == []
    assert formulations(text, None) == []


def test_an_entry_an_admin_adds_is_used_at_once():
    f.FormulationFactory(text="“十二五”", valid_from_year=2011, valid_to_year=2015, replacement="")
    (finding,) = [x for x in proofread("完成“十二五”规划目标。", year=2023, names=[]) if x.check == "formulation"]
    assert finding.suggestion is None
    assert finding.message == "“十二五”是2011—2015年的提法，不适用于2023年"
    assert formulations("完成“十二五”规划目标。", 2014) == []


def test_an_open_ended_entry_and_an_inactive_one():
    f.FormulationFactory(text="新发展阶段", valid_from_year=2021, valid_to_year=None)
    assert formulations("立足新发展阶段。", 2019) == [("新发展阶段", None)]
    assert formulations("立足新发展阶段。", 2030) == []
    Formulation.objects.filter(text="新发展阶段").update(is_active=False)
    assert formulations("立足新发展阶段。", 2019) == []


def test_the_years_must_be_in_order():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="适用起始年度不能晚于适用截止年度"):
        Formulation(text="某提法", valid_from_year=2023, valid_to_year=2020).full_clean()
