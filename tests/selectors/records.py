"""A small hand-made ledger (a slice of the seed's 2023) for selector and report tests."""

import datetime
from decimal import Decimal

from awards.models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection
from bureau.models import (
    AnnualTarget,
    BureauProfile,
    Certification,
    CertificationKind,
    Enterprise,
    IndustryStatistics,
    TargetIndicator,
)
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

D = datetime.date


def patent_number(year: int, kind_digit: int, serial: int) -> str:
    """A valid CN application number (mod-11 check digit)."""
    digits = f"{year}{kind_digit}{serial:07d}"
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return f"{digits}.{'X' if check == 10 else check}"


def add_patent(enterprise, *, serial: int, filed: datetime.date, granted: datetime.date | None = None) -> Patent:
    patent = Patent(
        application_number=patent_number(filed.year, 2, serial),
        title=f"一种实用装置{serial}",
        kind="utility",
        applicant=enterprise,
        filed_on=filed,
        granted_on=granted,
        status="granted" if granted else "pending",
    )
    patent.full_clean()
    patent.save()
    return patent


def small_ledger() -> dict:
    """Create the records; returns the main objects by name."""
    BureauProfile.objects.update_or_create(pk=1, defaults={"county": "XX县", "name": "XX县科学技术局"})
    puzheng = Enterprise.objects.create(name="XX普正制药股份有限公司", short_name="普正制药", above_scale=True)
    xintiandi = Enterprise.objects.create(name="XX新天地药业有限公司", short_name="新天地药业", above_scale=True)
    csu = Enterprise.objects.create(name="中南大学", kind="university")
    agri = Enterprise.objects.create(name="XX农业大学", kind="university")

    program = Program.objects.get
    ProjectApplication.objects.create(
        year=2023,
        title="裸花紫株颗粒二次开发及高新技术产业化",
        program=program(name="市级科技协同创新重大专项"),
        applicant=puzheng,
        status="applied",
        applied_on=D(2023, 3, 1),
    )
    for title in ("伊可克伊维菌素注射液", "千目超微粉中兽药制剂止痢母仔安"):
        ProjectApplication.objects.create(
            year=2023,
            title=title,
            program=program(name="省重点新产品计划"),
            applicant=xintiandi,
            status="approved",
            applied_on=D(2023, 3, 2),
            decided_on=D(2023, 9, 1),
        )
    ProjectApplication.objects.create(
        year=2022,
        title="兽用小容量氟苯尼考注射液",
        program=program(name="技术创新引导类科技计划"),
        applicant=xintiandi,
        status="approved",
        applied_on=D(2022, 10, 1),
        decided_on=D(2023, 6, 1),
        funding_approved=Decimal("5.00"),
    )
    ProjectApplication.objects.create(
        year=2023,
        title="拟申报的项目",
        program=program(name="省星火计划"),
        applicant=puzheng,
        status="planned",
    )
    ProjectApplication.objects.create(
        year=2021,
        title="重大项目甲",
        program=program(name="省科技协同创新体"),
        applicant=puzheng,
        status="ongoing",
        decided_on=D(2021, 9, 1),
        started_on=D(2021, 10, 1),
        is_major=True,
    )

    event = CooperationEvent.objects.create(
        year=2023,
        title="第十七届中国国际高新技术成果交易会",
        kind="fair",
        start_date=D(2023, 11, 16),
        end_date=D(2023, 11, 21),
    )
    event.participants.set([xintiandi])
    Partnership.objects.create(year=2023, enterprise=puzheng, partner=csu)
    Partnership.objects.create(year=2023, enterprise=puzheng, partner=agri)
    Partnership.objects.create(year=2023, enterprise=xintiandi, partner=agri, content="培训科技专业人员")

    provincial_ht = CertificationKind.objects.get(name="省级高新技术企业")
    for enterprise in (puzheng, xintiandi):
        Certification.objects.create(
            enterprise=enterprise,
            kind=provincial_ht,
            level="provincial",
            year=2023,
            granted_on=D(2023, 8, 1),
            reward=Decimal("10.00"),
            note="减按15%的税率缴纳企业所得税",
        )
    Certification.objects.create(
        enterprise=puzheng, kind=CertificationKind.objects.get(name="博士后科研工作站"), level="provincial", year=2019
    )
    IndustryStatistics.objects.create(
        year=2023,
        period="截至第三季度",
        above_scale_enterprises=57,
        above_scale_high_tech=6,
        rd_active_enterprises=6,
        high_tech_value_added=Decimal("15880.4"),
        industrial_value_added=Decimal("179439"),
    )
    IndustryStatistics.objects.create(
        year=2022,
        period="全年",
        above_scale_enterprises=55,
        above_scale_high_tech=5,
        rd_active_enterprises=5,
        high_tech_value_added=Decimal("7400"),
        industrial_value_added=Decimal("100000"),
    )

    national_talent = TalentProgram.objects.get(name="国家创新人才推进计划")
    for person, enterprise in (("李龙瑞", xintiandi), ("肖军平", puzheng)):
        TalentSelection.objects.create(
            year=2023,
            person=person,
            enterprise=enterprise,
            program=national_talent,
            level="national",
            selected_on=D(2023, 3, 10),
            note="全省仅有5人入选该项计划",
        )
    for title in ("千目超微粉中兽药制剂研究与开发", "穿王消炎胶囊指纹图谱研究"):
        AwardNomination.objects.create(year=2023, title=title, level="municipal", applicant=puzheng)
    AwardNomination.objects.create(
        year=2023, title="兽用长效氟苯尼考注射剂研发", level="provincial", applicant=xintiandi
    )
    Appraisal.objects.create(
        year=2023,
        title="洪涝灾害对水稻生产及病虫害影响和救灾关键技术集成研究应用",
        level="municipal",
        conclusion="domestic_advanced",
        appraised_on=D(2023, 6, 1),
    )
    for serial in range(1, 4):
        add_patent(puzheng, serial=serial, filed=D(2023, serial, 5), granted=D(2023, 9, serial))
    add_patent(puzheng, serial=9, filed=D(2023, 11, 20))
    meeting = Commendation.objects.create(
        year=2023, title="全县科技表彰大会", held_on=D(2023, 4, 9), year_honoured=2022
    )
    for n in range(2):
        CommendationItem.objects.create(
            commendation=meeting, category="progress_award", title=f"成果{n}", recipient=puzheng, reward=Decimal("1.5")
        )
    CommendationItem.objects.create(
        commendation=meeting, category="patent", title="优秀专利", recipient=xintiandi, reward=Decimal("0.5")
    )

    week = ScienceWeek.objects.create(
        year=2023,
        theme="创新创业 科技惠民",
        start_date=D(2023, 5, 11),
        end_date=D(2023, 5, 17),
        personnel=300,
        personnel_approx=True,
        lectures=18,
        materials=35000,
        consultations=10000,
        display_boards=90,
        participants=6000,
        participants_approx=True,
        public_reached_percent=80,
    )
    OutreachActivity.objects.create(
        year=2023,
        title="科普大篷车进校园",
        kind=OutreachKind.objects.get(name="科普大篷车"),
        start_date=D(2023, 5, 12),
        end_date=D(2023, 5, 16),
        organisers="XX县科学技术协会",
        students=30000,
        towns_covered=11,
        counts_approx=True,
        science_week=week,
    )
    tobacco = AssistanceRecord.objects.create(
        year=2023, place="巴邱镇XX村", kind="tobacco", funds=Decimal("5"), description="举办烤烟烘烤技术培训班。"
    )
    AssistanceFigure.objects.create(
        record=tobacco, name="烟叶实际种植面积", value=Decimal("130"), unit="亩", target=Decimal("120")
    )
    AssistanceFigure.objects.create(record=tobacco, name="烟叶总产量", value=Decimal("3.56"), unit="万斤")
    AssistanceRecord.objects.create(year=2023, place="戈坪乡戈坪村", kind="poverty", funds=Decimal("3"))

    for name, value, at_least in (("专利申请量", 100, False), ("专利授权量", 50, False)):
        AnnualTarget.objects.create(
            year=2024, indicator=TargetIndicator.objects.get(name=name), target_value=value, at_least=at_least
        )
    AnnualTarget.objects.create(
        year=2024,
        indicator=TargetIndicator.objects.get(name="申报国家、省科技项目数"),
        target_value=10,
        at_least=True,
    )
    return {"puzheng": puzheng, "xintiandi": xintiandi, "week": week, "meeting": meeting}
