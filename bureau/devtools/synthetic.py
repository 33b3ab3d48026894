"""Synthetic ledgers at scale, for benchmarks and query-count tests.

Each year gets `scale` times the demo ledger's volume of every record type
(BASE_PER_YEAR), plus a number of patents spread over the years. Rows are
written with `bulk_create`: no `save()`, no signals, so no history rows (a
synthetic ledger has no past to audit). Every row passes its model's
`full_clean`: credit codes and patent numbers carry correct check
characters, dates fall in their year and in step order, statuses match the
dates they record. The same seed gives the same ledger.
"""

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

from django.db import connection, models, transaction

from awards.models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection
from bureau.models import (
    LEVEL_CHOICES,
    AnnualTarget,
    Certification,
    CertificationKind,
    Enterprise,
    Industry,
    IndustryStatistics,
    TargetIndicator,
)
from bureau.validators import CREDIT_CODE_CHARSET, credit_code_check_char, patent_check_char
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

# The demo ledger (the seed document's 2023) per year; `scale` multiplies these.
BASE_PER_YEAR = {
    "enterprises": 40,
    "projects": 15,
    "certifications": 4,
    "nominations": 6,
    "appraisals": 1,
    "talents": 3,
    "commendations": 1,
    "commendation_items": 28,  # per commendation
    "cooperation_events": 5,
    "partnerships": 21,
    "science_weeks": 1,  # one per year by constraint: never scaled
    "activities": 5,
    "assistance_records": 5,
    "assistance_figures": 3,  # per assistance record
    "statistics": 1,  # one per year and period: at most len(STAT_PERIODS)
    "targets": 6,  # one per year and indicator: at most the indicators there are
}
DEFAULT_PATENTS = 200_000
# Synthetic years end where the seed document does, so a run never depends on today's date.
DEFAULT_LAST_YEAR = 2023
BATCH_SIZE = 2000

TOWNSHIPS = [
    "城关镇",
    "东山镇",
    "西河乡",
    "南岭镇",
    "北坪乡",
    "青石镇",
    "白水乡",
    "凤岭镇",
    "马田镇",
    "桥头镇",
    "新塘乡",
    "龙溪镇",
]
BRANDS = [
    "恒泰",
    "华兴",
    "金源",
    "鑫盛",
    "宏达",
    "瑞丰",
    "天成",
    "永安",
    "富民",
    "润泽",
    "嘉禾",
    "康宁",
    "普正",
    "绿源",
    "森林",
    "江河",
    "长青",
    "万通",
    "东方",
    "新世纪",
    "同德",
    "信达",
    "德润",
    "佳美",
    "百川",
    "中和",
    "兴隆",
    "盛源",
    "安康",
    "福瑞",
    "博远",
    "汇智",
    "精工",
    "宝丰",
    "鼎盛",
    "创新",
    "先锋",
    "顺达",
    "正大",
    "联合",
]
INDUSTRY_SUFFIX = {
    "生物医药": ["制药", "生物科技", "药业"],
    "金属制造": ["金属制品", "机械制造", "铸造"],
    "绿色食品": ["食品", "农产品加工", "茶业"],
    "新型纸业": ["纸业", "包装材料"],
    "现代农业": ["农业开发", "种业", "生态农业"],
    "电子信息": ["电子", "信息技术", "智能科技"],
    "新材料": ["新材料", "化工"],
}
COMPANY_FORMS = ["有限公司", "股份有限公司", "有限责任公司"]
REGIONS = ["华中", "华南", "华东", "华北", "东南", "西北", "西南", "中部", "江南", "岭南"]
DISCIPLINES = ["农业", "理工", "科技", "医科", "林业", "师范", "工业", "中医药"]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏志宏")
TOPICS = [
    "颗粒剂二次开发",
    "中药材规范化种植",
    "精密铸件工艺改进",
    "绿色食品深加工",
    "特种纸节能生产",
    "智能控制系统",
    "新型复合材料制备",
    "高效栽培技术示范",
    "废水循环利用",
    "农产品冷链保鲜",
    "数控装备升级",
    "生物发酵工艺",
    "茶叶清洁化加工",
    "油茶高产栽培",
    "功能饮料研制",
    "环保包装材料",
    "锂电池正极材料",
    "竹木制品防腐",
]
TOPIC_SUFFIX = ["及产业化", "关键技术研究", "示范与推广", "技术集成与应用", "研发"]
PRODUCT_WORDS = ["一种", "新型", "高效", "便携式", "智能", "组合式", "可调节", "节能型"]
PRODUCT_NOUNS = [
    "颗粒剂制备方法",
    "铸件打磨装置",
    "烘干设备",
    "分拣装置",
    "包装盒",
    "过滤器",
    "种植架",
    "搅拌机",
    "检测装置",
    "纸浆处理工艺",
    "控制电路",
    "保鲜方法",
]
STAT_PERIODS = ["全年", "截至第三季度", "上半年", "第一季度"] + [f"截至{m}月" for m in (1, 2, 4, 5, 7, 8, 10, 11)]
COOPERATION = [
    ("中国国际高新技术成果交易会", "fair"),
    ("产学研合作对接会", "matchmaking"),
    ("科技创新大会", "conference"),
    ("技术成果推介会", "matchmaking"),
    ("科技成果交易会", "fair"),
]
PARTNERSHIP_CONTENT = ["技术合作", "培训科技人员", "共建研发平台", "联合攻关", "成果转化"]
FIGURES = [
    ("种植面积", "亩", 120),
    ("总产量", "万斤", 3),
    ("产值", "万元", 50),
    ("受益农户", "户", 80),
    ("道路硬化", "公里", 5),
]
ORGANISERS = ["县科技局", "县科协", "县教育局", "县卫健委", "县应急管理局", "县农业农村局"]


@dataclass
class SyntheticResult:
    """What a run wrote: rows per model label, in writing order."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Generator:
    """Builds one synthetic ledger; `run()` writes it. All randomness comes from one seeded RNG."""

    def __init__(self, *, years: int, scale: int, patents: int, seed: int, last_year: int, batch_size: int):
        if years < 1 or scale < 1 or patents < 0:
            raise ValueError("years and scale must be at least 1, patents at least 0")
        self.years = list(range(last_year - years + 1, last_year + 1))
        self.scale = scale
        self.patent_total = patents
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.cutoff = date(last_year, 12, 31)
        self.result = SyntheticResult()
        self._used_codes: set[str] = set()

    # --- helpers -----------------------------------------------------------------------------

    def n(self, key: str) -> int:
        return BASE_PER_YEAR[key] * self.scale

    def day_in(self, year: int, start: int = 1, end: int = 365) -> date:
        """A day of `year` between day-of-year `start` and `end`."""
        return date(year, 1, 1) + timedelta(days=self.rng.randint(start - 1, end - 1))

    def later(self, day: date, low: int, high: int) -> date | None:
        """A day `low`..`high` days after `day`, or None when that is after the ledger's cut-off."""
        result = day + timedelta(days=self.rng.randint(low, high))
        return result if result <= self.cutoff else None

    def money(self, low: float, high: float) -> Decimal:
        return Decimal(self.rng.randint(int(low * 100), int(high * 100))) / 100

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))

    def write(self, model: type[models.Model], rows: Iterable[models.Model]) -> list[models.Model]:
        written = []
        for batch in chunked(rows, self.batch_size):
            written.extend(model._default_manager.bulk_create(batch, batch_size=self.batch_size))
        label = model._meta.label
        self.result.counts[label] = self.result.counts.get(label, 0) + len(written)
        return written

    def credit_code(self, *, research: bool) -> str:
        # 9 1 = enterprise registered with market regulation; 1 2 = public institution.
        prefix = "12" if research else "91"
        while True:
            division = "36" + "".join(self.rng.choices("0123456789", k=4))
            org = "".join(self.rng.choices(CREDIT_CODE_CHARSET, k=9))
            first17 = prefix + division + org
            code = first17 + credit_code_check_char(first17)
            if code not in self._used_codes:
                self._used_codes.add(code)
                return code

    def unique_names(self, count: int, make: Callable[[], str], taken: set[str] | None = None) -> list[str]:
        """`count` distinct names from `make` (none in `taken`), numbered when the combinations run out."""
        names: list[str] = []
        seen: set[str] = set(taken or ())
        attempts = 0
        while len(names) < count:
            name = make()
            attempts += 1
            if name in seen:
                if attempts < count * 5:
                    continue
                name = f"{name}{len(names) + 1}号"
                if name in seen:
                    continue
            seen.add(name)
            names.append(name)
        return names

    # --- record types --------------------------------------------------------------------------

    def enterprises(self) -> None:
        total = self.n("enterprises") * len(self.years)
        research_total = max(2, total // 20)
        industries = list(Industry.objects.filter(name__in=INDUSTRY_SUFFIX).order_by("pk"))
        if not industries:
            industries = [Industry.objects.create(name=name) for name in INDUSTRY_SUFFIX]
        rows = []
        # Names and codes already in the database are taken: a second run adds to the first.
        seen = set(Enterprise.objects.values_list("name", flat=True))
        self._used_codes.update(Enterprise.objects.exclude(credit_code=None).values_list("credit_code", flat=True))
        while len(rows) < total - research_total:
            industry = self.rng.choice(industries)
            township = self.rng.choice(TOWNSHIPS)
            short = self.rng.choice(BRANDS) + self.rng.choice(INDUSTRY_SUFFIX[industry.name])
            name = township[:2] + short + self.rng.choice(COMPANY_FORMS)
            if name in seen:
                # Combinations run out only at very large scales: number the rest.
                name = f"{township[:2]}{short}{len(rows) + 1}号{COMPANY_FORMS[0]}"
            seen.add(name)
            rows.append(
                Enterprise(
                    name=name,
                    short_name=short,
                    credit_code=self.credit_code(research=False),
                    kind=Enterprise.Kind.ENTERPRISE,
                    industry=industry,
                    township=township,
                    above_scale=self.rng.random() < 0.3,
                )
            )
        research_names = self.unique_names(
            research_total,
            lambda: (
                self.rng.choice(REGIONS)
                + self.rng.choice(DISCIPLINES)
                + self.rng.choice(("大学", "学院", "研究院", "研究所"))
            ),
            taken=seen,
        )
        for name in research_names:
            kind = Enterprise.Kind.INSTITUTE if name.endswith(("研究院", "研究所")) else Enterprise.Kind.UNIVERSITY
            rows.append(Enterprise(name=name, credit_code=self.credit_code(research=True), kind=kind))
        written = self.write(Enterprise, rows)
        self.companies = [e for e in written if e.kind == Enterprise.Kind.ENTERPRISE]
        self.research = [e for e in written if e.kind in Enterprise.RESEARCH_KINDS]

    def title(self) -> str:
        return self.rng.choice(BRANDS) + self.rng.choice(TOPICS) + self.rng.choice(TOPIC_SUFFIX)

    def projects(self, year: int) -> Iterator[ProjectApplication]:
        programs = self.programs
        titles = self.unique_names(self.n("projects"), lambda: f"《{self.title()}》")
        for title in titles:
            program = self.rng.choice(programs)
            applied = self.day_in(year, 30, 300)
            row = ProjectApplication(
                year=year,
                title=title,
                program=program,
                applicant=self.rng.choice(self.companies),
                funding_requested=self.money(5, 200),
                is_major=self.rng.random() < 0.1,
            )
            # Walk the workflow forward while each step's date is before the cut-off.
            status, day = "planned", None
            if self.rng.random() < 0.95:
                status, day, row.applied_on = "applied", applied, applied
            if day and self.rng.random() < 0.5 and (step := self.later(day, 10, 60)):
                status, day, row.recommended_on = "recommended", step, step
            if day and self.rng.random() < 0.85 and (step := self.later(day, 30, 150)):
                day, row.decided_on = step, step
                status = "approved" if self.rng.random() < 0.6 else "rejected"
            if status == "approved":
                row.funding_approved = min(row.funding_requested, self.money(2, 100))
                if step := self.later(day, 10, 60):
                    status, day, row.started_on = "ongoing", step, step
                    if step := self.later(day, 300, 700):
                        status, row.closed_on = ("accepted" if self.rng.random() < 0.9 else "terminated"), step
            row.status = status
            yield row

    def certifications(self, year: int) -> Iterator[Certification]:
        for _ in range(self.n("certifications")):
            kind = self.rng.choice(self.certification_kinds)
            granted = self.day_in(year)
            yield Certification(
                enterprise=self.rng.choice(self.companies),
                kind=kind,
                level="national" if kind.name.startswith("国家") else self.rng.choice(("provincial", "municipal")),
                certificate_number=f"GR{year}{self.rng.randint(10000000, 99999999)}",
                year=year,
                granted_on=granted,
                valid_until=granted + timedelta(days=365 * (kind.valid_years or 3) - 1),
                reward=self.money(0, 10) if kind.is_high_tech else Decimal("0"),
                note="税收优惠：减按15%税率" if kind.is_high_tech else "",
            )

    def nominations(self, year: int) -> Iterator[AwardNomination]:
        titles = self.unique_names(self.n("nominations"), self.title)
        for title in titles:
            submitted = self.day_in(year, 1, 250)
            row = AwardNomination(
                year=year,
                title=title,
                level=self.rng.choice(LEVEL_CHOICES)[0],
                applicant=self.rng.choice(self.companies),
                status="submitted",
                submitted_on=submitted,
            )
            if self.rng.random() < 0.5 and (step := self.later(submitted, 10, 60)):
                row.status, row.recommended_on, row.recommended_higher = "recommended", step, True
            if self.rng.random() < 0.7 and (step := self.later(row.recommended_on or submitted, 30, 120)):
                won = self.rng.random() < 0.6
                row.status, row.decided_on = ("won" if won else "not_won"), step
                row.grade = self.rng.choice(("一等奖", "二等奖", "三等奖")) if won else ""
            yield row

    def appraisals(self, year: int) -> Iterator[Appraisal]:
        titles = self.unique_names(self.n("appraisals"), self.title)
        for title in titles:
            yield Appraisal(
                year=year,
                title=title,
                level=self.rng.choice(("provincial", "municipal")),
                organizer=self.rng.choice(("省科技厅", "市科技局")),
                appraised_on=self.day_in(year),
                conclusion=self.rng.choice(Appraisal.Conclusion.values),
                applicant=self.rng.choice(self.companies),
            )

    def talents(self, year: int) -> Iterator[TalentSelection]:
        seen: set[tuple] = set()
        while len(seen) < self.n("talents"):
            program = self.rng.choice(self.talent_programs)
            key = (self.person(), program.pk)
            if key in seen:
                continue
            seen.add(key)
            yield TalentSelection(
                year=year,
                person=key[0],
                enterprise=self.rng.choice(self.companies),
                program=program,
                level=program.level,
                selected_on=self.day_in(year),
            )

    def commendations(self, year: int) -> list[Commendation]:
        rows = [
            Commendation(
                year=year,
                title=f"{year}年度科技表彰大会" + (f"（第{i + 1}场）" if i else ""),
                held_on=self.day_in(year, 20, 120),
                year_honoured=max(2000, year - 1),
            )
            for i in range(self.n("commendations"))
        ]
        return self.write(Commendation, rows)

    def commendation_items(self, commendations: list[Commendation]) -> Iterator[CommendationItem]:
        # The seed's mix: 8 progress awards, 1 high-tech, 2 new products, 1 standard, 16 patents.
        mix = ["progress_award"] * 8 + ["high_tech"] + ["new_product"] * 2 + ["local_standard"] + ["patent"] * 16
        per = BASE_PER_YEAR["commendation_items"]
        for commendation in commendations:
            for index in range(per):
                category = mix[index % len(mix)]
                person = self.rng.random() < 0.1
                yield CommendationItem(
                    commendation=commendation,
                    category=category,
                    title=f"{self.rng.choice(TOPICS)}（{index + 1}）",
                    recipient=None if person else self.rng.choice(self.companies),
                    recipient_person=self.person() if person else "",
                    reward=self.money(0.2, 2),
                )

    def cooperation(self, year: int) -> None:
        events = []
        for i in range(self.n("cooperation_events")):
            name, kind = COOPERATION[i % len(COOPERATION)]
            start = self.day_in(year, 1, 350)
            events.append(
                CooperationEvent(
                    year=year,
                    title=f"第{year - 2000 + i // len(COOPERATION) + 1}届{name}",
                    kind=kind,
                    start_date=start,
                    end_date=start + timedelta(days=self.rng.randint(0, 5))
                    if start.timetuple().tm_yday < 355
                    else start,
                    online=self.rng.random() < 0.2,
                    place=self.rng.choice(("深圳", "南昌", "北京", "上海", "线上")),
                )
            )
        events = self.write(CooperationEvent, events)
        through = CooperationEvent.participants.through
        links = [
            through(cooperationevent_id=event.pk, enterprise_id=enterprise.pk)
            for event in events
            for enterprise in self.rng.sample(self.companies, k=min(len(self.companies), self.rng.randint(2, 8)))
        ]
        self.write(through, links)
        industries = list(Industry.objects.filter(name__in=INDUSTRY_SUFFIX).order_by("pk"))
        served = CooperationEvent.industries.through
        self.write(
            served,
            [
                served(cooperationevent_id=event.pk, industry_id=industry.pk)
                for event in events
                for industry in self.rng.sample(industries, k=min(len(industries), self.rng.randint(1, 3)))
            ],
        )

    def partnerships(self, year: int) -> Iterator[Partnership]:
        seen: set[tuple] = set()
        wanted = min(self.n("partnerships"), len(self.companies) * len(self.research))
        while len(seen) < wanted:
            key = (self.rng.choice(self.companies), self.rng.choice(self.research))
            if (key[0].pk, key[1].pk) in seen:
                continue
            seen.add((key[0].pk, key[1].pk))
            yield Partnership(
                year=year,
                enterprise=key[0],
                partner=key[1],
                content=self.rng.choice(PARTNERSHIP_CONTENT),
                started_on=self.day_in(year),
            )

    def outreach(self, year: int) -> None:
        start = date(year, 5, 15) + timedelta(days=self.rng.randint(0, 7))
        week = self.write(
            ScienceWeek,
            [
                ScienceWeek(
                    year=year,
                    theme=self.rng.choice(("创新创业 科技惠民", "科技强国 创新未来", "走进科学 拥抱创新")),
                    start_date=start,
                    end_date=start + timedelta(days=6),
                    principles="贴近实际、贴近群众、贴近生产",
                    audiences="广大农村、社区和企业",
                    personnel=self.rng.randint(100, 500) * self.scale,
                    personnel_approx=True,
                    lectures=self.rng.randint(5, 30) * self.scale,
                    materials=self.rng.randint(10000, 50000) * self.scale,
                    consultations=self.rng.randint(3000, 15000) * self.scale,
                    display_boards=self.rng.randint(30, 120) * self.scale,
                    participants=self.rng.randint(2000, 9000) * self.scale,
                    public_reached_percent=self.rng.randint(60, 90),
                )
            ],
        )[0]
        activities = []
        for _ in range(self.n("activities")):
            in_week = self.rng.random() < 0.6
            kind = self.rng.choice(self.outreach_kinds)
            first = start + timedelta(days=self.rng.randint(0, 6)) if in_week else self.day_in(year, 1, 360)
            activities.append(
                OutreachActivity(
                    year=year,
                    title=f"{self.rng.choice(TOWNSHIPS)}{kind.name}活动",
                    kind=kind,
                    start_date=first,
                    end_date=first + timedelta(days=self.rng.randint(0, 2))
                    if first.timetuple().tm_yday < 360
                    else first,
                    place=self.rng.choice(TOWNSHIPS),
                    organisers="、".join(self.rng.sample(ORGANISERS, k=2)),
                    participants=self.rng.randint(50, 3000),
                    students=self.rng.randint(0, 800),
                    towns_covered=self.rng.randint(0, len(TOWNSHIPS)),
                    schools_covered=self.rng.randint(0, 20),
                    science_week=week if in_week else None,
                )
            )
        self.write(OutreachActivity, activities)

    def assistance(self, year: int) -> None:
        records = self.write(
            AssistanceRecord,
            [
                AssistanceRecord(
                    year=year,
                    place=f"{self.rng.choice(TOWNSHIPS)}{self.rng.choice(BRANDS)}村",
                    kind=self.rng.choice(AssistanceRecord.Kind.values),
                    funds=self.money(1, 30),
                    description="驻村帮扶，发展特色产业。",
                )
                for _ in range(self.n("assistance_records"))
            ],
        )
        figures = []
        for record in records:
            for order, (name, unit, target) in enumerate(
                self.rng.sample(FIGURES, k=BASE_PER_YEAR["assistance_figures"])
            ):
                figures.append(
                    AssistanceFigure(
                        record=record,
                        name=name,
                        unit=unit,
                        value=Decimal(target) * self.money(0.6, 1.4),
                        target=Decimal(target),
                        sort_order=order,
                    )
                )
        self.write(AssistanceFigure, figures)

    def statistics(self, year: int) -> Iterator[IndustryStatistics]:
        for period in STAT_PERIODS[: min(self.n("statistics"), len(STAT_PERIODS))]:
            above = self.rng.randint(40, 80)
            industrial = self.money(100000, 250000)
            yield IndustryStatistics(
                year=year,
                period=period,
                above_scale_enterprises=above,
                above_scale_high_tech=self.rng.randint(2, above // 5),
                rd_active_enterprises=self.rng.randint(2, above // 4),
                industrial_value_added=industrial,
                high_tech_value_added=(industrial * self.money(0.05, 0.15)).quantize(Decimal("0.01")),
            )

    def targets(self, year: int) -> Iterator[AnnualTarget]:
        for indicator in self.indicators[: self.n("targets")]:
            yield AnnualTarget(
                year=year,
                indicator=indicator,
                target_value=Decimal(self.rng.randint(2, 100)),
                at_least=self.rng.random() < 0.5,
            )

    def patents(self) -> None:
        self.write(Patent, self.patent_rows())

    def patent_rows(self) -> Iterator[Patent]:
        """`patent_total` unsaved patents spread evenly over the years, numbered per year and kind."""
        per_year, extra = divmod(self.patent_total, len(self.years))
        kinds = [("1", "invention", 0.3), ("2", "utility", 0.55), ("3", "design", 0.15)]
        grant_delay = {"invention": (400, 1100), "utility": (150, 400), "design": (90, 250)}
        applicant_ids = [e.pk for e in self.companies]
        # Serial numbers rise by a random step; the step shrinks so that a big year stays within 7 digits.
        step_max = max(1, min(40, 4_000_000 // max(1, per_year + 1)))

        for index, year in enumerate(self.years):
            serial = {digit: self.rng.randint(1_000_000, 5_000_000) for digit, _, _ in kinds}
            for _ in range(per_year + (1 if index < extra else 0)):
                digit, kind, _ = self.rng.choices(kinds, weights=[w for _, _, w in kinds])[0]
                serial[digit] += self.rng.randint(1, step_max)
                digits = f"{year}{digit}{serial[digit]:07d}"
                filed = self.day_in(year)
                granted = self.later(filed, *grant_delay[kind]) if self.rng.random() < 0.7 else None
                if granted:
                    status = "granted" if self.rng.random() < 0.9 else "lapsed"
                else:
                    status = self.rng.choices(("pending", "rejected", "withdrawn"), weights=(8, 1, 1))[0]
                person = self.rng.random() < 0.08
                yield Patent(
                    application_number=f"{digits}.{patent_check_char(digits)}",
                    title=f"{self.rng.choice(PRODUCT_WORDS)}{self.rng.choice(PRODUCT_NOUNS)}",
                    kind=kind,
                    applicant_id=None if person else self.rng.choice(applicant_ids),
                    applicant_person=self.person() if person else "",
                    filed_on=filed,
                    granted_on=granted,
                    status=status,
                )

    # --- the whole ledger ----------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> SyntheticResult:
        self.programs = list(Program.objects.order_by("pk"))
        self.certification_kinds = list(CertificationKind.objects.order_by("pk"))
        self.talent_programs = list(TalentProgram.objects.order_by("pk"))
        self.outreach_kinds = list(OutreachKind.objects.order_by("pk"))
        self.indicators = list(TargetIndicator.objects.order_by("sort_order", "pk"))
        if not (self.programs and self.certification_kinds and self.talent_programs and self.outreach_kinds):
            raise RuntimeError("基础数据（计划类别、资质类别、人才计划、科普活动类别）为空：请先执行 migrate。")
        taken = set(IndustryStatistics.objects.values_list("year", flat=True)) | set(
            ScienceWeek.objects.values_list("year", flat=True)
        )
        if taken & set(self.years):
            raise RuntimeError(
                f"数据库中已有这些年度的统计或科技活动周：{sorted(taken & set(self.years))}。请使用空数据库。"
            )
        self.enterprises()
        for year in self.years:
            self.write(ProjectApplication, self.projects(year))
            self.write(Certification, self.certifications(year))
            self.write(AwardNomination, self.nominations(year))
            self.write(Appraisal, self.appraisals(year))
            self.write(TalentSelection, self.talents(year))
            self.write(CommendationItem, self.commendation_items(self.commendations(year)))
            self.cooperation(year)
            self.write(Partnership, self.partnerships(year))
            self.outreach(year)
            self.assistance(year)
            self.write(IndustryStatistics, self.statistics(year))
            self.write(AnnualTarget, self.targets(year))
        self.patents()
        if connection.vendor == "postgresql":
            # As after any bulk load: fresh planner statistics (this server may run without autovacuum),
            # which the list pages' count estimate and the query plans rely on.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.result


def synthetic_ledger_create(
    *,
    years: int = 10,
    scale: int = 10,
    patents: int = DEFAULT_PATENTS,
    seed: int = 1,
    last_year: int = DEFAULT_LAST_YEAR,
    batch_size: int = BATCH_SIZE,
) -> SyntheticResult:
    """Write a synthetic ledger of `years` years ending in `last_year` into an empty database (no history rows)."""
    return Generator(
        years=years, scale=scale, patents=patents, seed=seed, last_year=last_year, batch_size=batch_size
    ).run()
