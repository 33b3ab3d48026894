"""factory_boy factories for every record type, with valid identifiers and coherent dates."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from awards.models import (
    Appraisal,
    AwardNomination,
    Commendation,
    CommendationItem,
    TalentProgram,
    TalentSelection,
)
from bureau.models import (
    AnnualTarget,
    BureauProfile,
    Certification,
    CertificationKind,
    Enterprise,
    Formulation,
    Industry,
    IndustryStatistics,
    TargetIndicator,
)
from bureau.validators import credit_code_check_char, patent_check_char
from outreach.models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)
from patents.models import Patent
from projects.models import Program, ProjectApplication


def credit_code(n: int) -> str:
    """A valid unified social credit code numbered n."""
    first17 = f"91360000{n:09d}"
    return first17 + credit_code_check_char(first17)


def patent_number(year: int, kind_digit: int, serial: int) -> str:
    digits = f"{year}{kind_digit}{serial:07d}"
    return f"{digits}.{patent_check_char(digits)}"


class BureauProfileFactory(DjangoModelFactory):
    class Meta:
        model = BureauProfile
        django_get_or_create = ("id",)

    id = 1
    name = "XX县科学技术局"


class IndustryFactory(DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试产业{n}")


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1000))
    kind = Enterprise.Kind.ENTERPRISE
    township = "巴邱镇"


class InstituteFactory(EnterpriseFactory):
    name = factory.Sequence(lambda n: f"测试大学{n}")
    kind = Enterprise.Kind.UNIVERSITY


class CertificationKindFactory(DjangoModelFactory):
    class Meta:
        model = CertificationKind
        django_get_or_create = ("name",)

    name = "省级高新技术企业"
    is_high_tech = True
    income_tax_rate = 15
    rd_deduction_percent = 150


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = factory.SubFactory(CertificationKindFactory)
    level = "provincial"
    year = 2023
    granted_on = datetime.date(2023, 6, 1)
    valid_until = datetime.date(2026, 5, 31)
    reward = Decimal("10.00")


class IndustryStatisticsFactory(DjangoModelFactory):
    class Meta:
        model = IndustryStatistics

    year = factory.Sequence(lambda n: 2000 + n % 100)
    period = "截至第三季度"
    above_scale_enterprises = 57
    above_scale_high_tech = 6
    rd_active_enterprises = 6
    high_tech_value_added = Decimal("15880.40")
    industrial_value_added = Decimal("179439.00")


class TargetIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = TargetIndicator
        django_get_or_create = ("name",)

    name = "专利申请量"
    measure = "patents_applied"
    unit = "件"


class AnnualTargetFactory(DjangoModelFactory):
    class Meta:
        model = AnnualTarget

    year = 2024
    indicator = factory.SubFactory(TargetIndicatorFactory)
    target_value = Decimal("100")


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("name",)

    name = "省星火计划"
    level = "provincial"


class ProjectApplicationFactory(DjangoModelFactory):
    class Meta:
        model = ProjectApplication

    year = 2023
    title = factory.Sequence(lambda n: f"测试项目{n}")
    program = factory.SubFactory(ProgramFactory)
    applicant = factory.SubFactory(EnterpriseFactory)
    status = ProjectApplication.Status.APPLIED
    applied_on = datetime.date(2023, 3, 1)


class AwardNominationFactory(DjangoModelFactory):
    class Meta:
        model = AwardNomination

    year = 2023
    title = factory.Sequence(lambda n: f"测试成果{n}")
    level = "municipal"
    applicant = factory.SubFactory(EnterpriseFactory)
    submitted_on = datetime.date(2023, 4, 1)


class AppraisalFactory(DjangoModelFactory):
    class Meta:
        model = Appraisal

    year = 2023
    title = factory.Sequence(lambda n: f"测试鉴定成果{n}")
    level = "municipal"
    conclusion = Appraisal.Conclusion.DOMESTIC_ADVANCED
    appraised_on = datetime.date(2023, 9, 1)


class TalentProgramFactory(DjangoModelFactory):
    class Meta:
        model = TalentProgram
        django_get_or_create = ("name",)

    name = "国家创新人才推进计划"
    level = "national"


class TalentSelectionFactory(DjangoModelFactory):
    class Meta:
        model = TalentSelection

    year = 2023
    person = factory.Sequence(lambda n: f"张{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    program = factory.SubFactory(TalentProgramFactory)
    level = "national"
    selected_on = datetime.date(2023, 3, 15)


class CommendationFactory(DjangoModelFactory):
    class Meta:
        model = Commendation

    year = 2023
    title = factory.Sequence(lambda n: f"全县科技表彰大会{n}")
    held_on = datetime.date(2023, 4, 9)
    year_honoured = 2022


class CommendationItemFactory(DjangoModelFactory):
    class Meta:
        model = CommendationItem

    commendation = factory.SubFactory(CommendationFactory)
    category = CommendationItem.Category.PATENT
    title = factory.Sequence(lambda n: f"优秀专利{n}")
    recipient = factory.SubFactory(EnterpriseFactory)
    reward = Decimal("0.50")


class PatentFactory(DjangoModelFactory):
    class Meta:
        model = Patent

    application_number = factory.Sequence(lambda n: patent_number(2023, 2, 100000 + n))
    title = factory.Sequence(lambda n: f"一种测试装置{n}")
    kind = Patent.Kind.UTILITY
    applicant = factory.SubFactory(EnterpriseFactory)
    filed_on = datetime.date(2023, 2, 1)


class ScienceWeekFactory(DjangoModelFactory):
    class Meta:
        model = ScienceWeek

    year = 2023
    theme = "创新创业 科技惠民"
    start_date = datetime.date(2023, 5, 11)
    end_date = datetime.date(2023, 5, 17)
    principles = "贴近实际、贴近群众、贴近生产"
    audiences = "广大农村、社区和企业"
    personnel = 300
    lectures = 18


class OutreachKindFactory(DjangoModelFactory):
    class Meta:
        model = OutreachKind
        django_get_or_create = ("name",)

    name = "科普宣传"


class OutreachActivityFactory(DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    year = 2023
    title = factory.Sequence(lambda n: f"科普活动{n}")
    kind = factory.SubFactory(OutreachKindFactory)
    start_date = datetime.date(2023, 5, 12)
    place = "百花社区"


class CooperationEventFactory(DjangoModelFactory):
    class Meta:
        model = CooperationEvent

    year = 2023
    title = factory.Sequence(lambda n: f"科技成果对接会{n}")
    kind = CooperationEvent.Kind.MATCHMAKING
    start_date = datetime.date(2023, 6, 1)
    online = True


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    year = 2023
    enterprise = factory.SubFactory(EnterpriseFactory)
    partner = factory.SubFactory(InstituteFactory)
    content = "技术合作"


class AssistanceRecordFactory(DjangoModelFactory):
    class Meta:
        model = AssistanceRecord

    year = 2023
    place = factory.Sequence(lambda n: f"巴邱镇{n}村")
    kind = AssistanceRecord.Kind.TOBACCO
    funds = Decimal("2.00")


class AssistanceFigureFactory(DjangoModelFactory):
    class Meta:
        model = AssistanceFigure

    record = factory.SubFactory(AssistanceRecordFactory)
    name = factory.Sequence(lambda n: f"种植面积{n}")
    value = Decimal("130")
    unit = "亩"
    target = Decimal("120")


class FormulationFactory(DjangoModelFactory):
    class Meta:
        model = Formulation
        django_get_or_create = ("text",)

    text = factory.Sequence(lambda n: f"测试提法{n}")
    valid_from_year = 2017
    valid_to_year = 2022
