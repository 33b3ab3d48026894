"""The figure registry: every figure's drill-down list shows exactly the records behind its value."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bureau.dashboard import selectors as dash
from bureau.figures import UNITS, Figure, figures, measure_choices
from bureau.models import TargetIndicator
from tests import factories as f
from tests.selectors.records import small_ledger

D = datetime.date


def list_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    count = int(re.search(r"共 (\d+) 条", response.content.decode()).group(1))
    return count, response.context["filter"].qs


def assert_drilldowns_agree(client, *, year: int, until=None) -> int:
    """Each figure of `year` against its drill-down list; the number of figures with a value above zero."""
    values = figures.values([figure.key for figure in figures], years=[year], until=until)
    nonzero = 0
    for figure in figures:
        value = values[figure.key][year]
        assert figure.values(years=[year], until=until) == {year: value}, figure.key
        count, records = list_page(client, figure.url(year=year, until=until))
        if figure.of_records is None:
            assert count == value, (figure.key, figure.url(year=year, until=until))
        else:
            assert figure.of_records(records) == value, figure.key
        nonzero += bool(value)
    return nonzero


def test_declarations_are_complete():
    assert len(figures) >= 15
    for figure in figures:
        assert figure.unit in UNITS
        assert figure.caliber and figure.label
        for key in figure.parts:
            assert key in figures, (figure.key, key)
    assert [key for key, _ in measure_choices()][-1] == "none"
    assert {key for key, _ in measure_choices()} == {f.key for f in figures.measures()} | {"none"}


def test_a_unit_is_not_accepted():
    with pytest.raises(ValueError):
        Figure(
            key="x",
            label="x",
            unit="个",
            source=lambda **kw: {},
            value=lambda d: d,
            drilldown=lambda y, e: ("", {}),
            caliber="",
        )


@pytest.mark.django_db
def test_drilldowns_of_the_demo_year(demo_ledger, leader_client):
    assert assert_drilldowns_agree(leader_client, year=2023) >= 12
    # The report's patent cut-off (截至10月31日) is a figure of its own window.
    assert assert_drilldowns_agree(leader_client, year=2023, until={2023: D(2023, 10, 31)}) >= 12


@pytest.mark.django_db
def test_drilldowns_of_a_factory_built_ledger(leader_client):
    small_ledger()
    unit = f.EnterpriseFactory(name="甲公司")
    f.CertificationFactory(enterprise=unit, kind__name="国家高新技术企业", level="national")
    f.CertificationFactory(enterprise=unit, kind__name="省级高新技术企业")
    f.PatentFactory(filed_on=D(2023, 11, 20))
    assert assert_drilldowns_agree(leader_client, year=2023) >= 12
    assert assert_drilldowns_agree(leader_client, year=2023, until={2023: D(2023, 10, 31)}) >= 10
    assert assert_drilldowns_agree(leader_client, year=2022) >= 0


@pytest.mark.django_db
def test_new_high_tech_enterprises_count_units_on_the_card_and_the_target(leader_client, leader_user):
    unit = f.EnterpriseFactory(name="甲公司")
    f.CertificationFactory(enterprise=unit, kind__name="国家高新技术企业", level="national")
    f.CertificationFactory(enterprise=unit, kind__name="省级高新技术企业")
    f.CertificationFactory(kind__name="省级高新技术企业")
    f.AnnualTargetFactory(
        year=2023,
        indicator=f.TargetIndicatorFactory(name="新认定高新技术企业数", measure="high_tech_certifications", unit="家"),
        target_value=Decimal("4"),
    )
    data = dash.dashboard(year=2023, today=D(2024, 3, 1), user=leader_user)
    card = next(card for card in data["figures"] if card.key == "high_tech_certifications")
    target = next(target for target in data["targets"] if target.indicator == "新认定高新技术企业数")
    assert (card.value, card.unit, target.actual) == (2, "家", 2)
    assert list_page(leader_client, card.url)[0] == 2 == list_page(leader_client, target.url)[0]


@pytest.mark.django_db
def test_a_measure_is_a_choice_of_the_indicator_without_a_migration():
    field = TargetIndicator._meta.get_field("measure")
    assert ("talents", "人才入选数") in field.choices
    indicator = f.TargetIndicatorFactory(name="手工", measure="not_a_figure")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "measure" in error.value.message_dict
