"""A second 2023 ledger for the prose rules: other names, other counts, built by factories.

The demo follows the seed; this one has more than five projects, patents and nominations of a kind,
events sharing participants in other groupings, untitled programmes with many records, an event
whose industries differ from its participants', and assistance records with and without descriptions.
"""

import datetime
from decimal import Decimal

from awards.models import TalentProgram
from bureau.models import BureauProfile, CertificationKind
from outreach.models import AssistanceRecord, OutreachKind
from projects.models import Program
from tests import factories as f

D = datetime.date


def other_ledger() -> dict:
    """Create the ledger; returns what the tests compare the text with."""
    BureauProfile.objects.update_or_create(pk=1, defaults={"county": "YY县", "name": "YY县科学技术局"})
    electronics = f.IndustryFactory(name="电子信息")
    materials = f.IndustryFactory(name="新材料")
    food = f.IndustryFactory(name="绿色食品")
    units = [
        f.EnterpriseFactory(name=f"YY{name}有限公司", short_name=name, industry=food)
        for name in ("长江电子", "赣鑫材料", "丰源食品", "恒通机械", "绿野农业", "明珠光电", "华宇陶瓷", "金穗米业")
    ]
    farm_bureau = f.EnterpriseFactory(name="YY县农业农村局", short_name="县农业农村局", kind="public")
    institute = f.InstituteFactory(name="南昌大学")

    guidance = Program.objects.get(name="市级指导性科技计划")
    spark = Program.objects.get(name="省星火计划")
    untitled = Program.objects.get(name="省科技型中小企业信贷风险补偿资金贷款备选企业")
    untitled.titled = False
    untitled.save()
    approved = []
    for n in range(12):
        approved.append(
            f.ProjectApplicationFactory(
                year=2022,
                title=f"指导性项目{n + 1}号课题",
                program=guidance,
                applicant=units[n % 8],
                status="approved",
                applied_on=D(2022, 10, 1),
                decided_on=D(2023, 4, 1),
                funding_approved=Decimal(n % 3),
            )
        )
    for n, money in enumerate(("20.00", "8.00", "12.00")):
        approved.append(
            f.ProjectApplicationFactory(
                year=2022,
                title=f"星火项目{n + 1}号示范",
                program=spark,
                applicant=units[n],
                status="approved",
                applied_on=D(2022, 11, 1),
                decided_on=D(2023, 6, 1),
                funding_approved=Decimal(money),
            )
        )
    backed = [
        f.ProjectApplicationFactory(
            year=2023,
            title=f"{unit.short_name}申报贷款备选企业",
            program=untitled,
            applicant=unit,
            status="applied",
            applied_on=D(2023, 4, 1),
        )
        for unit in units[:7]
    ]

    # Two events share participants (one clause), a third has others, a fourth is dated (its own sentence).
    shared = [units[0], farm_bureau]
    events = []
    for title, who, industries in (
        ("长三角科技成果对接会", shared, [electronics]),
        ("粤港澳技术转移大会", shared, [materials]),
        ("省农业科技成果推介会", [units[2], units[4]], [electronics]),
    ):
        event = f.CooperationEventFactory(title=title, start_date=None)
        event.participants.set(who)
        event.industries.set(industries)
        events.append(event)
    fair = f.CooperationEventFactory(
        title="第二十五届中国国际高新技术成果交易会", kind="fair", start_date=D(2023, 11, 15), end_date=D(2023, 11, 19)
    )
    fair.participants.set([units[5]])
    fair.industries.set([materials])
    f.PartnershipFactory(enterprise=units[0], partner=institute)

    kind = CertificationKind.objects.get(name="国家高新技术企业")
    kind.income_tax_rate, kind.rd_deduction_percent = 15, 200
    kind.save()
    for unit in units[:3]:
        f.CertificationFactory(enterprise=unit, kind=kind, level="national", year=2023, reward=Decimal("20.00"))

    program = TalentProgram.objects.get_or_create(name="省“双千计划”", defaults={"level": "provincial"})[0]
    talents = [
        f.TalentSelectionFactory(
            person=person,
            enterprise=units[i],
            program=program,
            level="provincial",
            selected_on=D(2023, 7, 10),
            province_selected=40,
            city_selected=3,
            note="全省仅有1人入选（备注，不得印出）",
        )
        for i, person in enumerate(("王一鸣", "赵思远"))
    ]

    nominations = [
        f.AwardNominationFactory(title=f"市级成果{n + 1}号", level="municipal", applicant=units[n % 8])
        for n in range(7)
    ]
    patents = [f.PatentFactory(applicant=units[n % 8], filed_on=D(2023, 3, n + 1)) for n in range(8)]

    week = f.ScienceWeekFactory(
        start_date=D(2023, 5, 20),
        end_date=D(2023, 5, 26),
        theme="走进科学 拥抱创新",
        principles="面向基层、服务群众",
        audiences="乡村和学校",
        note="备注：根据上级部署（不得印出）",
    )
    bus = OutreachKind.objects.get_or_create(name="科普大篷车")[0]
    f.OutreachActivityFactory(
        title="科技大篷车巡展",
        kind=bus,
        start_date=week.start_date,
        end_date=week.end_date,
        science_week=week,
        organisers="YY县科协",
        place="中小学",
        students=45000,
        towns_covered=9,
        description="“流动科技馆”走进全县{乡镇数}个乡镇的中小学，{学生人数}名学生参加体验",
    )
    f.OutreachActivityFactory(
        title="科技下乡",
        start_date=D(2023, 5, 21),
        science_week=week,
        organisers="县科技局",
        place="湖口镇",
        participants=800,
    )

    f.AssistanceRecordFactory(
        place="湖口镇金山村",
        kind=AssistanceRecord.Kind.BEAUTIFUL_VILLAGE,
        description="为推进湖口镇金山村美丽乡村建设，选派技术人员驻村指导",
    )
    f.AssistanceRecordFactory(place="石门乡石门村", kind=AssistanceRecord.Kind.POVERTY, description="")
    f.AssistanceRecordFactory(place="白沙镇白沙村", kind=AssistanceRecord.Kind.STABILITY, description="")
    return {
        "approved": approved,
        "untitled": backed,
        "events": [*events, fair],
        "talents": talents,
        "nominations": nominations,
        "patents": patents,
        "week": week,
    }
