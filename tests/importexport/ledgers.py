"""A Hypothesis strategy for whole ledgers: several years of valid records of every type, built with the factories.

Titles are drawn from small pools so that records of different years share them (a
meeting called 全县科技表彰大会 every year, the same village helped twice), units are
shared by all years, and free text mixes Chinese, full-width punctuation, spaces and
characters Excel takes for formulas. Every record passes `full_clean` before it is saved.
"""

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from awards.models import Appraisal, AwardNomination, CommendationItem, TalentProgram
from bureau.models import CertificationKind, Enterprise, Industry, TargetIndicator
from bureau.validators import patent_check_char
from outreach.models import AssistanceRecord, CooperationEvent, OutreachKind
from patents.models import Patent
from projects.models import Program
from tests import factories as f

YEARS = (2021, 2022, 2023, 2024)
CHARS = "科技创新甲乙丙丁（）《》“”·、，。 -=+@%0123456789AbＣ"
# Free text as saved (h15backup trims every text field on save; a cell is read trimmed).
text = st.text(alphabet=CHARS, max_size=12).map(str.strip)
name = st.text(alphabet=CHARS, min_size=1, max_size=10).filter(lambda value: value.strip(" -=+@"))
money = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
count = st.integers(min_value=0, max_value=100000)
MEETINGS = ("全县科技表彰大会", "科技表彰大会", "2023年度科技奖励大会")
VILLAGES = ("巴邱镇XX村", "阜田镇XX村")


def saved(factory, **values):
    instance = factory.build(**values)
    instance.full_clean()
    instance.save()
    return instance


def day(draw, year: int) -> datetime.date:
    return draw(st.dates(min_value=datetime.date(year, 1, 1), max_value=datetime.date(year, 12, 31)))


def maybe(draw, strategy):
    return draw(st.none() | strategy)


def unique_names(draw, pool=None, *, most: int = 3) -> list[str]:
    """Distinct names (as the ledger compares them: trimmed, spaces collapsed) with a number, so no two clash."""
    values = draw(st.lists(st.sampled_from(pool) if pool else name, max_size=most, unique=True))
    return [value if pool else f"{value}{index}" for index, value in enumerate(values)]


class LedgerBuilder:
    """Draws and saves one ledger; `years` are the years it holds."""

    def __init__(self, draw):
        self.draw = draw
        self.years = sorted(draw(st.sets(st.sampled_from(YEARS), min_size=2, max_size=3)))
        self.serial = 0

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def build(self) -> None:
        draw = self.draw
        industries = [*Industry.objects.all(), None]
        self.units = [
            saved(
                f.EnterpriseFactory,
                name=f"{unit}有限公司{index}",
                short_name=draw(text),
                credit_code=f.credit_code(self.next_serial()) if draw(st.booleans()) else None,
                industry=draw(st.sampled_from(industries)),
                township=draw(text),
                above_scale=draw(st.booleans()),
                note=draw(text),
            )
            for index, unit in enumerate(draw(st.lists(name, min_size=1, max_size=4)))
        ]
        self.institutes = [
            saved(f.InstituteFactory, name=f"{unit}大学{index}", credit_code=None, kind=kind)
            for index, (unit, kind) in enumerate(
                draw(
                    st.lists(
                        st.tuples(name, st.sampled_from(sorted(Enterprise.RESEARCH_KINDS))), min_size=1, max_size=2
                    )
                )
            )
        ]
        for year in self.years:
            self.build_year(year)

    def applicant(self):
        return self.draw(st.sampled_from(self.units))

    def build_year(self, year: int) -> None:
        draw = self.draw
        for period in draw(st.lists(st.sampled_from(["全年", "截至第三季度"]), max_size=2, unique=True)):
            total = draw(count)
            value = draw(money)
            saved(
                f.IndustryStatisticsFactory,
                year=year,
                period=period,
                above_scale_enterprises=total,
                above_scale_high_tech=draw(st.integers(0, total)),
                rd_active_enterprises=draw(st.integers(0, total)),
                industrial_value_added=value,
                high_tech_value_added=draw(st.decimals(min_value=0, max_value=value, places=2)),
                fiscal_rd_input=maybe(draw, money),
                note=draw(text),
            )
        kinds = list(CertificationKind.objects.all())
        for unit, kind in draw(
            st.lists(st.tuples(st.sampled_from(self.units), st.sampled_from(kinds)), max_size=3, unique=True)
        ):
            granted = maybe(draw, st.just(day(draw, year)))
            saved(
                f.CertificationFactory,
                enterprise=unit,
                kind=kind,
                level=draw(st.sampled_from(["national", "provincial", "municipal"])),
                certificate_number=draw(text),
                year=year,
                granted_on=granted,
                valid_until=granted + datetime.timedelta(days=draw(st.integers(1, 2000))) if granted else None,
                reward=draw(money),
                note=draw(text),
            )
        for indicator in draw(st.lists(st.sampled_from(list(TargetIndicator.objects.all())), max_size=2, unique=True)):
            saved(
                f.AnnualTargetFactory,
                year=year,
                indicator=indicator,
                target_value=draw(money),
                at_least=draw(st.booleans()),
                note=draw(text),
            )
        programs = list(Program.objects.all())
        for title in unique_names(draw):
            by_person = draw(st.booleans())
            saved(
                f.ProjectApplicationFactory,
                year=year,
                title=title,
                program=draw(st.sampled_from(programs)),
                applicant=None if by_person else self.applicant(),
                applicant_person=draw(name) if by_person else "",
                applied_on=day(draw, year),
                funding_requested=maybe(draw, money),
                is_major=draw(st.booleans()),
                note=draw(text),
            )
        for title in unique_names(draw):
            saved(
                f.AwardNominationFactory,
                year=year,
                title=title,
                award=draw(name),
                level=draw(st.sampled_from([code for code, _ in AwardNomination._meta.get_field("level").choices])),
                applicant=self.applicant(),
                recommended_higher=draw(st.booleans()),
                submitted_on=day(draw, year),
                note=draw(text),
            )
        for title in unique_names(draw):
            saved(
                f.AppraisalFactory,
                year=year,
                title=title,
                organizer=draw(text),
                appraised_on=maybe(draw, st.just(day(draw, year))),
                conclusion=draw(st.sampled_from(Appraisal.Conclusion.values)),
                applicant=draw(st.none() | st.sampled_from(self.units)),
                note=draw(text),
            )
        for title in unique_names(draw, MEETINGS, most=2):
            meeting = saved(
                f.CommendationFactory,
                year=year,
                title=title,
                held_on=day(draw, year),
                year_honoured=year - 1,
                note=draw(text),
            )
            categories = draw(st.lists(st.sampled_from(CommendationItem.Category.values), max_size=3))
            for index, category in enumerate(categories):
                by_person = draw(st.booleans())
                saved(
                    f.CommendationItemFactory,
                    commendation=meeting,
                    category=category,
                    title=f"{draw(name)}{index}",
                    recipient=None if by_person else self.applicant(),
                    recipient_person=draw(name) if by_person else "",
                    reward=draw(money),
                )
        programs = list(TalentProgram.objects.all())
        for person in unique_names(draw, most=2):
            saved(
                f.TalentSelectionFactory,
                year=year,
                person=person,
                enterprise=self.applicant(),
                program=draw(st.sampled_from(programs)),
                level="provincial",
                selected_on=maybe(draw, st.just(day(draw, year))),
                note=draw(text),
            )
        for _ in range(draw(st.integers(0, 3))):
            kind, digit = draw(
                st.sampled_from([(Patent.Kind.INVENTION, 1), (Patent.Kind.UTILITY, 2), (Patent.Kind.DESIGN, 3)])
            )
            digits = f"{year}{digit}{self.next_serial():07d}"
            filed = day(draw, year)
            later = [y for y in self.years if y >= year]
            granted_year = maybe(draw, st.sampled_from(later))
            granted = (
                draw(
                    st.dates(
                        min_value=max(filed, datetime.date(granted_year, 1, 1)),
                        max_value=datetime.date(granted_year, 12, 31),
                    )
                )
                if granted_year
                else None
            )
            saved(
                f.PatentFactory,
                application_number=f"{digits}.{patent_check_char(digits)}",
                title=draw(name),
                kind=kind,
                applicant=self.applicant(),
                filed_on=filed,
                granted_on=granted,
                status=Patent.Status.GRANTED if granted else Patent.Status.PENDING,
                note=draw(text),
            )
        week = None
        if draw(st.booleans()):
            start = draw(st.dates(min_value=datetime.date(year, 1, 1), max_value=datetime.date(year, 12, 20)))
            week = saved(
                f.ScienceWeekFactory,
                year=year,
                theme=draw(name),
                start_date=start,
                end_date=start + datetime.timedelta(days=6),
                personnel=draw(count),
                personnel_approx=draw(st.booleans()),
                participants=draw(count),
                public_reached_percent=maybe(draw, st.integers(0, 100)),
                note=draw(text),
            )
        kinds = list(OutreachKind.objects.all())
        for title in unique_names(draw):
            saved(
                f.OutreachActivityFactory,
                year=year,
                title=title,
                kind=draw(st.sampled_from(kinds)),
                start_date=day(draw, year),
                place=draw(text),
                organisers=draw(text),
                participants=draw(count),
                counts_approx=draw(st.booleans()),
                science_week=week if draw(st.booleans()) else None,
                description=draw(text),
            )
        for title in unique_names(draw):
            event = saved(
                f.CooperationEventFactory,
                year=year,
                title=title,
                kind=draw(st.sampled_from(CooperationEvent.Kind.values)),
                start_date=maybe(draw, st.just(day(draw, year))),
                online=draw(st.booleans()),
                place=draw(text),
                note=draw(text),
            )
            event.participants.set(draw(st.lists(st.sampled_from(self.units + self.institutes), unique=True)))
        for unit, partner in draw(
            st.lists(st.tuples(st.sampled_from(self.units), st.sampled_from(self.institutes)), max_size=3, unique=True)
        ):
            saved(
                f.PartnershipFactory,
                year=year,
                enterprise=unit,
                partner=partner,
                content=draw(name),
                started_on=maybe(draw, st.just(day(draw, year))),
                note=draw(text),
            )
        for place, kind in draw(
            st.lists(
                st.tuples(st.sampled_from(VILLAGES), st.sampled_from(AssistanceRecord.Kind.values)),
                max_size=2,
                unique=True,
            )
        ):
            record = saved(
                f.AssistanceRecordFactory, year=year, place=place, kind=kind, funds=draw(money), description=draw(text)
            )
            for figure in unique_names(draw, most=2):
                saved(
                    f.AssistanceFigureFactory,
                    record=record,
                    name=figure,
                    value=draw(money),
                    unit=draw(st.sampled_from(["亩", "万斤", "万元", "户"])),
                    target=draw(st.none() | st.decimals(min_value=Decimal("0.01"), max_value=99999, places=2)),
                    sort_order=draw(st.integers(0, 1000)),
                )
