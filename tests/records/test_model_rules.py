"""Every rule of the record types is enforced by the model (clean() and constraints), with a Chinese message."""

import datetime
from decimal import Decimal

import factory
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import AwardNomination
from bureau.models import Enterprise, IndustryStatistics
from outreach.models import ScienceWeek
from patents.models import Patent
from projects.models import ProjectApplication
from tests.factories import (
    AnnualTargetFactory,
    AppraisalFactory,
    AwardNominationFactory,
    CertificationFactory,
    CommendationFactory,
    CooperationEventFactory,
    EnterpriseFactory,
    IndustryStatisticsFactory,
    OutreachActivityFactory,
    PatentFactory,
    ProjectApplicationFactory,
    ScienceWeekFactory,
    TalentSelectionFactory,
    TargetIndicatorFactory,
    patent_number,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def build(model_factory, **values):
    """An unsaved record whose related records (the factory's SubFactory parts) exist."""
    for name, declaration in model_factory._meta.declarations.items():
        if isinstance(declaration, factory.SubFactory) and name not in values:
            values[name] = declaration.get_factory()()
    return model_factory.build(**values)


def errors_of(instance) -> dict[str, list[str]]:
    """The messages full_clean() raises, by field; {} when the record is valid."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def assert_refused(instance, field: str, message: str) -> None:
    errors = errors_of(instance)
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]


# --- money, counts, years ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (CertificationFactory, "reward"),
        (IndustryStatisticsFactory, "high_tech_value_added"),
        (IndustryStatisticsFactory, "industrial_value_added"),
        (ProjectApplicationFactory, "funding_requested"),
        (AnnualTargetFactory, "target_value"),
    ],
)
def test_money_is_never_negative(factory, field):
    assert_refused(build(factory, **{field: Decimal("-0.01")}), field, "金额不能为负数。")


def test_counts_are_never_negative():
    record = build(IndustryStatisticsFactory, above_scale_enterprises=-1)
    assert_refused(record, "above_scale_enterprises", "确保该值大于或等于0。")


@pytest.mark.parametrize("year", [1999, 2101])
@pytest.mark.parametrize(
    "factory", [ProjectApplicationFactory, CertificationFactory, AnnualTargetFactory, ScienceWeekFactory]
)
def test_year_is_between_2000_and_2100(factory, year):
    assert_refused(build(factory, year=year), "year", "年度应在2000至2100之间。")


def test_database_refuses_negative_money_and_years_out_of_range_on_any_path():
    statistics = IndustryStatisticsFactory(year=2023)
    queryset = IndustryStatistics.objects.filter(pk=statistics.pk)
    for change in (
        {"high_tech_value_added": Decimal("-1")},
        {"year": 1999},
        {"year": 2101},
        {"above_scale_high_tech": -1},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**change)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectApplication.objects.filter(pk=ProjectApplicationFactory().pk).update(funding_approved=Decimal("-5"))
    assert IndustryStatistics.objects.get(pk=statistics.pk).year == 2023


# --- dates agree with the year and with each other -------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "field", "value", "message"),
    [
        (ProjectApplicationFactory, "applied_on", D(2022, 12, 31), "申报日期（2022年12月31日）不在2023年度内。"),
        (CertificationFactory, "granted_on", D(2024, 1, 2), "认定日期（2024年01月02日）不在2023年度内。"),
        (AwardNominationFactory, "submitted_on", D(2022, 4, 1), "申报日期（2022年04月01日）不在2023年度内。"),
        (AppraisalFactory, "appraised_on", D(2022, 9, 1), "鉴定日期（2022年09月01日）不在2023年度内。"),
        (TalentSelectionFactory, "selected_on", D(2024, 3, 15), "入选日期（2024年03月15日）不在2023年度内。"),
        (CommendationFactory, "held_on", D(2022, 4, 9), "召开日期（2022年04月09日）不在2023年度内。"),
        (OutreachActivityFactory, "start_date", D(2022, 5, 12), "开始日期（2022年05月12日）不在2023年度内。"),
        (CooperationEventFactory, "start_date", D(2024, 6, 1), "开始日期（2024年06月01日）不在2023年度内。"),
    ],
)
def test_dates_fall_in_the_records_year(factory, field, value, message):
    assert_refused(build(factory, **{field: value}), field, message)


@pytest.mark.parametrize(
    ("factory", "values", "field", "message"),
    [
        (
            ProjectApplicationFactory,
            {"status": "approved", "applied_on": D(2023, 3, 1), "decided_on": D(2023, 2, 1)},
            "decided_on",
            "立项/未立项日期不能早于申报日期。",
        ),
        (
            ProjectApplicationFactory,
            {
                "status": "accepted",
                "started_on": D(2023, 6, 1),
                "decided_on": D(2023, 5, 1),
                "closed_on": D(2023, 5, 30),
            },
            "closed_on",
            "验收/终止日期不能早于开始实施日期。",
        ),
        (
            AwardNominationFactory,
            {"status": "won", "recommended_on": D(2023, 6, 1), "decided_on": D(2023, 5, 1)},
            "decided_on",
            "评审结果日期不能早于推荐日期。",
        ),
        (
            PatentFactory,
            {"granted_on": D(2023, 1, 31), "status": "granted"},
            "granted_on",
            "授权日期不能早于申请日期。",
        ),
        (ScienceWeekFactory, {"end_date": D(2023, 5, 10)}, "end_date", "结束日期不能早于开始日期。"),
        (CertificationFactory, {"valid_until": D(2023, 5, 31)}, "valid_until", "有效期至应晚于认定日期。"),
        (CertificationFactory, {"valid_until": D(2023, 6, 1)}, "valid_until", "有效期至应晚于认定日期。"),
        (CommendationFactory, {"year_honoured": 2024}, "year_honoured", "表彰年度不能晚于召开年度。"),
    ],
    ids=[
        "decided-before-applied",
        "closed-before-started",
        "award-decided-before-recommended",
        "granted-before-filed",
        "week-ends-before-start",
        "valid-until-before-granted",
        "valid-until-on-granted",
        "honoured-after-held",
    ],
)
def test_dates_agree_with_each_other(factory, values, field, message):
    assert_refused(build(factory, **values), field, message)


def test_the_valid_order_of_dates_is_accepted():
    record = build(
        ProjectApplicationFactory,
        status="accepted",
        applied_on=D(2023, 3, 1),
        decided_on=D(2023, 6, 1),
        started_on=D(2023, 7, 1),
        closed_on=D(2024, 12, 1),
        funding_approved=Decimal("30"),
    )
    assert errors_of(record) == {}


# --- names: trimmed, full-width/half-width and spaces do not make a new name --------------------------


def test_names_are_trimmed_and_normalised_on_save():
    enterprise = EnterpriseFactory(name="  ＸＸ普正　制药 有限公司  ", short_name=" 普正制药 ")
    enterprise.refresh_from_db()
    assert enterprise.name == "XX普正制药有限公司"
    assert enterprise.short_name == "普正制药"


@pytest.mark.parametrize(
    "variant", ["XX普正制药有限公司 ", "ＸＸ普正制药有限公司", "XX 普正 制药有限公司", "XX普正制药\u3000有限公司"]
)
def test_name_variants_are_the_same_enterprise(variant):
    EnterpriseFactory(name="XX普正制药有限公司")
    assert_refused(build(EnterpriseFactory, name=variant, credit_code=None), "name", "单位名称")
    assert errors_of(build(EnterpriseFactory, name=variant, credit_code=None))["name"] == [
        "具有 单位名称 的 单位 已存在。"
    ]


# --- uniqueness ------------------------------------------------------------------------------------


def test_credit_code_is_unique_whatever_its_spelling_and_optional():
    EnterpriseFactory(credit_code="91350100M000100Y43")
    other = build(EnterpriseFactory, name="另一家企业", credit_code="9135 0100 m000 100y43")
    assert errors_of(other)["credit_code"] == ["具有 统一社会信用代码 的 单位 已存在。"]
    # No code is not a duplicate code: two units may both leave it empty.
    first = EnterpriseFactory(credit_code="")
    second = build(EnterpriseFactory, credit_code="")
    first.full_clean()
    assert errors_of(second) == {}
    assert first.credit_code is None and second.credit_code is None


def test_credit_code_with_a_wrong_check_character_is_refused():
    record = build(EnterpriseFactory, credit_code="91350100M000100Y44")
    assert_refused(record, "credit_code", "统一社会信用代码校验位错误：第18位应为3，实际为4。")


def test_patent_number_is_unique_in_any_spelling():
    PatentFactory(application_number="202320123456.1")
    duplicate = build(PatentFactory, application_number="ZL 2023 2012 3456.1")
    assert errors_of(duplicate)["application_number"] == ["具有 申请号 的 专利 已存在。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Patent.objects.create(
            application_number="CN2023201234561",
            title="重复",
            kind="utility",
            applicant=duplicate.applicant,
            filed_on=D(2023, 2, 1),
        )


def test_patent_number_agrees_with_kind_and_filing_year():
    record = build(PatentFactory, application_number=patent_number(2023, 1, 5), kind=Patent.Kind.UTILITY)
    assert_refused(record, "kind", "申请号第5位表示“发明”，与所选专利类型不符。")
    record = build(PatentFactory, application_number=patent_number(2022, 2, 5), filed_on=D(2023, 1, 5))
    assert_refused(record, "filed_on", "申请日期应在申请号所示的2022年。")


def test_one_industry_statistics_per_year_and_period():
    IndustryStatisticsFactory(year=2023, period="截至第三季度")
    duplicate = build(IndustryStatisticsFactory, year=2023, period=" 截至 第三季度")
    assert "该年度该统计期的产业统计已存在。" in errors_of(duplicate)["__all__"]
    assert errors_of(build(IndustryStatisticsFactory, year=2023, period="全年")) == {}


def test_one_annual_target_per_year_and_indicator():
    indicator = TargetIndicatorFactory()
    AnnualTargetFactory(year=2024, indicator=indicator)
    duplicate = build(AnnualTargetFactory, year=2024, indicator=indicator, target_value=Decimal("50"))
    assert "该年度该指标的目标已存在。" in errors_of(duplicate)["__all__"]
    assert errors_of(build(AnnualTargetFactory, year=2025, indicator=indicator)) == {}


# --- other rules -----------------------------------------------------------------------------------


def test_statistics_parts_do_not_exceed_their_whole():
    record = build(IndustryStatisticsFactory, above_scale_high_tech=58)
    assert_refused(record, "above_scale_high_tech", "规模以上高新技术企业数不能超过规模以上工业企业数。")
    record = build(IndustryStatisticsFactory, high_tech_value_added=Decimal("200000"))
    assert_refused(record, "high_tech_value_added", "高新技术产业增加值不能超过工业增加值。")


def test_a_status_that_records_a_date_needs_it():
    record = build(ProjectApplicationFactory, status="approved", decided_on=None)
    assert_refused(record, "decided_on", "状态为“已立项”时必须填写立项日期。")
    record = build(AwardNominationFactory, status=AwardNomination.Status.WON, decided_on=None)
    assert_refused(record, "decided_on", "状态为“获奖”时必须填写评审结果日期。")


def test_approved_funding_only_for_approved_projects():
    record = build(ProjectApplicationFactory, funding_approved=Decimal("30"))
    assert_refused(record, "funding_approved", "只有已立项的项目才能填写立项经费。")


def test_one_science_week_per_year():
    ScienceWeekFactory(year=2023)
    assert "该年度的科技活动周已存在。" in errors_of(build(ScienceWeekFactory, year=2023))["__all__"]
    assert ScienceWeek.objects.count() == 1


def test_enterprise_kind_choices_are_chinese():
    assert Enterprise.Kind.UNIVERSITY.label == "高校"
