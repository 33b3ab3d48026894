"""One builder per section of the report: year → paragraphs, reading records only through selectors.

Each builder returns a `Part`: its paragraphs and the facts (label → written value)
it used, so the edit page can show which facts changed since staff last edited a section.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from awards import selectors as awards
from bureau import selectors as shared
from outreach import selectors as outreach
from patents import selectors as patents
from projects import selectors as projects

from . import text as t


@dataclass(frozen=True)
class Options:
    """Per-report settings that the records do not carry."""

    patents_until: datetime.date | None = None


@dataclass
class Part:
    """What a builder produced: paragraphs (empty: nothing recorded) and the facts it wrote."""

    paragraphs: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    empty_text: str = ""

    def fact(self, label: str, value: str) -> str:
        self.facts[label] = value
        return value

    def add(self, *sentences: str) -> None:
        paragraph = "".join(t.sentence(s) for s in sentences if s)
        if paragraph:
            self.paragraphs.append(paragraph)

    @property
    def is_empty(self) -> bool:
        return not self.paragraphs


def _program_phrase(name: str) -> str:
    # 专项/备选企业/…项目 already name what is counted; other programmes read "…计划项目N项".
    return name if name.endswith(("专项", "企业", "项目")) else f"{name}项目"


def build_projects(*, year: int, options: Options) -> Part:
    """（一）科技计划项目取得新成效: applications by programme, approvals with funding."""
    part = Part(empty_text=f"{year}年暂无科技计划项目申报和立项记录。")
    applied = projects.project_applications_by_program(year=year)
    approved = projects.project_approvals_by_program(year=year)
    sentences = []
    if applied:
        total = sum(g.count for g in applied)
        groups = "、".join(
            f"{_program_phrase(g.program)}{part.fact(f'申报{g.program}', str(g.count))}项{t.titles(g.titles)}"
            for g in applied
        )
        sentences.append(f"今年，共申报项目{part.fact('申报项目数', str(total))}项，分别为{groups}")
    if approved:
        groups = []
        for g in approved:
            money = t.money(g.funding_approved) if g.funding_approved else ""
            if money:
                part.fact(f"{g.program}立项经费", money)
            n = part.fact(f"立项{g.program}", str(g.count))
            groups.append(f"{_program_phrase(g.program)}{n}项{t.titles(g.titles)}{money}")
        sentences.append("获批" + "、".join(groups))
        funding = sum(g.funding_approved for g in approved)
        if funding:
            sentences.append(f"共获得上级科技项目资金{part.fact('立项经费合计', t.money(funding))}")
    part.add(*sentences)
    return part


def build_cooperation(*, year: int, options: Options) -> Part:
    """（二）科技合作与交流取得新进步: events and who took part; partnerships with institutes."""
    part = Part(empty_text=f"{year}年暂无科技合作与交流记录。")
    events = list(outreach.cooperation_events(year=year))
    summary = outreach.partnership_summary(year=year)
    industries = []
    for event in events:
        industries += [e.industry.name for e in event.participants.all() if e.industry_id]
    industries += [e.industry.name for e in summary.enterprises if e.industry_id]
    industries = list(dict.fromkeys(industries))
    clauses = []
    for event in events:
        names = [t.unit_name(e) for e in event.participants.all()]
        when = t.date_range(event.start_date, event.end_date) if event.end_date or event.start_date else ""
        who = f"组织{t.join_and(names)}" if names else "组织我县企业"
        clauses.append(f"{when}{who}参加“{part.fact(f'合作交流{event.pk}', event.title)}”")
    sentences = []
    if clauses:
        lead = f"重点围绕我县{'、'.join(industries)}等产业发展需求，" if industries else ""
        sentences.append(lead + "；".join(clauses))
    if summary.partner_count:
        shown = 3
        locals_ = [t.unit_name(e) for e in summary.enterprises[:shown]]
        partners = [t.unit_name(e) for e in summary.partners[:shown]]
        local_text = "、".join(locals_) + ("等企业" if len(summary.enterprises) > shown else "")
        if summary.partner_count > shown:
            partner_text = f"{'、'.join(partners)}等{part.fact('合作院所数', t.tens(summary.partner_count))}家科研院所"
        else:
            partner_text = t.join_and(partners)
        part.fact("合作院所数", str(summary.partner_count))
        contents = "及".join(
            dict.fromkeys(
                item.strip() for content in summary.contents for item in re.split("[、及和]", content) if item.strip()
            )
        )
        sentences.append(f"目前，{local_text}分别与{partner_text}开展{contents}")
    part.add(*sentences)
    return part


def _first_sentence(note: str) -> str:
    """A record's note up to its first 。 (the rest is for the ledger, not the report)."""
    return note.strip().split("。", 1)[0].strip().rstrip("；;，,")


def _preference(note: str) -> str:
    # Notes are written either as the bare preference or as "享受…等优惠政策"; the sentence adds those words.
    text = _first_sentence(note).removeprefix("并").removeprefix("享受")
    for suffix in ("等优惠政策", "优惠政策", "等"):
        text = text.removesuffix(suffix)
    return text


def build_high_tech(*, year: int, options: Options) -> Part:
    """（三）高新技术产业发展加快: high-tech enterprises, new certifications and rewards, major projects."""
    part = Part(empty_text=f"{year}年暂无高新技术企业认定记录。")
    stats = shared.industry_statistics(year=year)
    certs = list(shared.certifications_granted(year=year, high_tech=True))
    majors = projects.major_projects_under_way(year=year).count()
    sentences = []
    lead = ""
    if stats and stats.above_scale_high_tech:
        lead = f"全县有规模以上高新技术企业{part.fact('规模以上高新技术企业数', str(stats.above_scale_high_tech))}家"
    if certs:
        by_kind: dict[str, list] = {}
        for cert in certs:
            by_kind.setdefault(cert.kind.name, []).append(cert)
        clauses = []
        for kind, items in by_kind.items():
            names = t.join_and(list(dict.fromkeys(t.unit_name(c.enterprise) for c in items)))
            clause = f"{names}获批{kind}"
            rewards = {c.reward for c in items if c.reward}
            if len(rewards) == 1 and len(items) == len([c for c in items if c.reward]):
                each = "分别" if len(items) > 1 else ""
                clause += f"，县财政{each}奖励{part.fact(f'{kind}奖励', t.money(rewards.pop()))}"
            elif rewards:
                total = sum(c.reward for c in items)
                clause += f"，县财政共奖励{part.fact(f'{kind}奖励', t.money(total))}"
            notes = list(dict.fromkeys(_preference(c.note) for c in items if _preference(c.note)))
            if notes:
                clause += f"，并享受{'、'.join(notes)}等优惠政策"
            clauses.append(clause)
        part.fact("新认定高新技术企业", "、".join(f"{c.enterprise}·{c.kind}" for c in certs))
        lead = (lead + "，其中" if lead else "今年，") + "；".join(clauses)
    if lead:
        sentences.append(lead)
    if majors:
        sentences.append(f"全县正在实施的国家、省、市重大科技项目有{part.fact('在实施重大科技项目数', str(majors))}项")
    part.add(*sentences)
    return part


def build_platforms(*, year: int, options: Options) -> Part:
    """（四）科技创新平台取得新突破: platforms in force and talents selected this year."""
    part = Part(empty_text=f"{year}年暂无科技创新平台和人才入选记录。")
    by_unit: dict[str, list[str]] = {}
    for cert in shared.certifications_in_force(year=year, platform=True):
        by_unit.setdefault(t.unit_name(cert.enterprise), []).append(f"{t.LEVEL_PREFIX[cert.level]}{cert.kind.name}")
    sentences = [f"{unit}建有{'、'.join(items)}" for unit, items in by_unit.items()]
    if by_unit:
        part.fact("创新平台", "；".join(sentences))
    groups: dict[tuple, list] = {}
    for talent in awards.talent_selections(year=year):
        month = talent.selected_on.month if talent.selected_on else None
        groups.setdefault((month, talent.program.name), []).append(talent)
    for (month, program), people in groups.items():
        names = [f"{t.unit_name(p.enterprise) if p.enterprise else ''}{p.person}" for p in people]
        part.fact(f"入选{program}", "、".join(p.person for p in people))
        when = f"{month}月，" if month else ""
        verb = "分别入选" if len(people) > 1 else "入选"
        notes = list(dict.fromkeys(_first_sentence(p.note) for p in people if _first_sentence(p.note)))
        sentences.append(
            f"{'今年' if month else ''}{when}{t.join_and(names)}{verb}{year}年{program}"
            + "".join(f"，{note}" for note in notes)
        )
    part.add(*sentences)
    return part


def _patent_cutoff(year: int, until: datetime.date | None) -> str:
    if until is None or until >= datetime.date(year, 12, 31):
        return "全年"
    if until.day == calendar.monthrange(until.year, until.month)[1]:
        return f"截至{until.month}月份"
    return f"截至{t.day(until)}"


def build_achievements(*, year: int, options: Options) -> Part:
    """（五）科技成果和知识产权工作取得新进展: nominations, appraisals, patents, the commendation meeting."""
    part = Part(empty_text=f"{year}年暂无科技成果和知识产权记录。")
    sentences = []
    groups = awards.award_nominations_by_level(year=year)
    if groups:
        first, *rest = groups
        level = t.LEVEL_PREFIX[first.level]
        text = (
            f"今年，我县申报{level}{first.award}{part.fact(f'申报{level}{first.award}', str(first.count))}项，"
            f"分别是{t.titles(first.titles)}"
        )
        if first.recommended_higher:
            text += f"，其中{t.titles(first.recommended_higher)}推荐申报上一级{first.award}"
        for group in rest:
            level = t.LEVEL_PREFIX[group.level]
            part.fact(f"申报{level}{group.award}", str(group.count))
            text += f"，{t.titles(group.titles)}推荐申报{level}{group.award}"
        won = sum(g.won for g in groups)
        if won:
            text += f"，已有{part.fact('获奖数', str(won))}项获奖"
        sentences.append(text)
    appraisals = list(awards.appraisals(year=year))
    by_level: dict[str, list] = {}
    for appraisal in appraisals:
        by_level.setdefault(appraisal.level, []).append(appraisal)
    for level, items in by_level.items():
        label = t.LEVEL_PREFIX[level]
        text = (
            f"有{part.fact(f'{label}成果鉴定数', str(len(items)))}项科技成果{t.titles(a.title for a in items)}"
            f"通过{label}成果鉴定"
        )
        conclusions = {a.get_conclusion_display() for a in items}
        if len(conclusions) == 1:
            text += f"，总体达到{conclusions.pop()}水平"
        sentences.append(text)
    counts = patents.patent_counts(year=year, until=options.patents_until)
    figures = []
    if counts.applied:
        figures.append(f"申请专利{part.fact('专利申请量', str(counts.applied))}件")
    if counts.granted:
        figures.append(f"授权专利{part.fact('专利授权量', str(counts.granted))}件")
    if figures:
        sentences.append(f"{_patent_cutoff(year, options.patents_until)}，全县共{'，'.join(figures)}")
    meeting = awards.commendation_summary(year=year)
    if meeting is not None:
        held = meeting.commendation
        sentences.append(f"{t.day(held.held_on)}，召开{held.title}")
        if meeting.categories:
            items = [f"{n}{'件' if code == 'patent' else '个'}{label}" for code, label, n in meeting.categories]
            part.fact("表彰事项", "、".join(items))
            text = f"会上，对全县{held.year_honoured}年度{t.join_and(items)}的获奖单位和个人代表进行表彰"
            if meeting.total_reward:
                text += f"，共奖励资金{part.fact('表彰奖励资金', t.money(meeting.total_reward))}"
            sentences.append(text)
    part.add(*sentences)
    return part


def _activity_sentence(activity, part: Part) -> str:
    """One activity; a recorded description is used as written, with what it does not already say."""
    description = t.sentence(activity.description)
    figures = []
    if activity.towns_covered:
        figures.append((f"{activity.towns_covered}个乡镇", f"覆盖全县{activity.towns_covered}个乡镇"))
    if activity.schools_covered:
        figures.append((f"{activity.schools_covered}所", f"覆盖{activity.schools_covered}所学校"))
    if activity.students:
        students = t.count(activity.students, approx=activity.counts_approx)
        figures.append((f"{students}名学生", f"{students}名学生参与"))
    if activity.participants:
        people = t.count(activity.participants, approx=activity.counts_approx)
        figures.append((f"{people}人", f"参与群众{people}人"))
    missing = [text for key, text in figures if key not in description]
    when = t.date_range(activity.start_date, activity.end_date)
    organisers = activity.organisers.strip()
    part.fact(f"科普活动{activity.pk}", f"{when} {activity.title} " + "，".join(text for _, text in figures))
    if description and organisers and organisers in description:
        return t.sentence("，".join([description.rstrip("。"), *missing]))
    where = f"在{activity.place}" if activity.place and activity.place not in description else ""
    if description:
        return t.sentence("，".join([f"{when}，{organisers}{where}{description.rstrip('。')}", *missing]))
    head = f"{when}，{organisers}{where}开展{activity.title.removesuffix('活动')}活动"
    return t.sentence("，".join([head, *missing]))


def build_outreach(*, year: int, options: Options) -> Part:
    """（六）着力营造自主创新的浓厚氛围: the science week, activities and the week's totals."""
    part = Part(empty_text=f"{year}年暂无科技活动周和科普活动记录。")
    week = outreach.science_week(year=year)
    first = []
    if week is not None:
        when = part.fact("科技活动周日期", t.date_range(week.start_date, week.end_date))
        theme = part.fact("科技活动周主题", week.theme)
        first.append(f"我县于{when}举办科技活动周活动，本次科技活动周以“{theme}”为主题")
    activities = [_activity_sentence(a, part) for a in outreach.outreach_activities(year=year)]
    if first or activities:
        part.add(*first, *activities)
    if week is not None:
        totals = []
        if week.personnel:
            people = part.fact("科技人员", t.count(week.personnel, approx=week.personnel_approx))
            totals.append(f"全县参与科技活动周的科技人员有{people}人次")
        if week.lectures:
            totals.append(f"组织各类科技讲座、培训{part.fact('讲座培训', str(week.lectures))}期")
        if week.materials:
            totals.append(f"发放各类科技宣传资料{part.fact('宣传资料', t.count(week.materials))}份")
        if week.consultations:
            totals.append(f"提供咨询服务{part.fact('咨询服务', t.count(week.consultations))}人次")
        if week.public_reached_percent:
            reached = part.fact("受教育比例", f"{week.public_reached_percent}%以上")
            totals.append(f"全县{reached}干部和群众不同程度地接受了科普知识宣传教育")
        tail = []
        if week.display_boards:
            tail.append(f"共展出科普展板{part.fact('科普展板', str(week.display_boards))}块")
        if week.participants:
            people = part.fact("参与群众", t.count(week.participants, approx=week.participants_approx))
            tail.append(f"参与群众{people}人")
        sentences = []
        if totals:
            sentences.append("据统计，" + "，".join(totals))
        if tail:
            sentences.append("科技活动周期间，" + "，".join(tail))
        part.add(*sentences)
    return part


def _figure_text(figure) -> str:
    text = f"{figure.name}为{t.number(figure.value)}{figure.unit}"
    if figure.target:
        text += f"，占目标任务的{t.number(round(figure.value * 100 / figure.target))}%"
    return text


def build_assistance(*, year: int, options: Options) -> Part:
    """（七）驻村挂点帮扶工作进展顺利: the year's assistance, funds invested and results."""
    part = Part(empty_text=f"{year}年暂无驻村挂点帮扶记录。")
    records = outreach.assistance_records(year=year)
    if not records:
        return part
    funds = outreach.assistance_funds(year=year)
    kinds = list(dict.fromkeys(r.get_kind_display() for r in records))
    lead = f"今年，我局加大了对{'、'.join(kinds)}等工作的帮扶力度"
    if funds:
        lead += f"，共投入帮扶资金{part.fact('帮扶资金', t.money(funds))}"
    part.add(lead)
    for record in records:
        text = f"在{record.place}{record.get_kind_display()}工作中，"
        body = record.description.strip()
        figures = [_figure_text(f) for f in record.figures.all()]
        if figures:
            part.fact(f"{record.place}{record.get_kind_display()}成效", "，".join(figures))
        if not body and not figures:
            continue
        part.add(text + t.sentence(body) + ("，".join(figures) if figures else ""))
    return part


def build_problems(*, year: int, options: Options) -> Part:
    """二、问题和不足: the computed indicators staff cite (the narrative itself is staff's)."""
    part = Part(empty_text="")
    stats = shared.industry_statistics(year=year)
    if stats is None:
        return part
    sentences = []
    if stats.above_scale_enterprises:
        sentences.append(
            f"全县有规模以上工业企业{part.fact('规模以上工业企业数', str(stats.above_scale_enterprises))}家，"
            f"其中高新技术产业的企业{part.fact('规模以上高新技术企业数', str(stats.above_scale_high_tech))}家"
        )
    share = shared.high_tech_share(year=year)
    if share is not None:
        previous = shared.high_tech_share(year=year - 1, period=share.period)
        period = "截至" + share.period.removeprefix("截至") if share.period != shared.FULL_YEAR else "全年"
        text = (
            f"{part.fact('产业统计期', period)}，"
            f"高新技术产业增加值{part.fact('高新技术产业增加值', t.money(share.numerator))}，"
            f"占工业增加值{part.fact('工业增加值', t.money(share.denominator))}的比重为"
            f"{part.fact('高新技术产业增加值占比', t.share(share.percent))}"
        )
        if previous is not None:
            text += f"（去年为{part.fact('去年高新技术产业增加值占比', t.share(previous.percent))}）"
        sentences.append(text)
    rd = shared.rd_active_share(year=year)
    if rd is not None and rd.numerator:
        sentences.append(
            f"全县有创新研发活动的规模企业{part.fact('有研发活动企业数', t.number(rd.numerator))}家，"
            f"占规模以上工业企业{t.number(rd.denominator)}家的"
            f"{part.fact('有研发活动企业占比', t.share(rd.percent))}"
        )
    if stats.fiscal_rd_input is not None:
        sentences.append(f"县财政科技投入{part.fact('财政科技投入', t.money(stats.fiscal_rd_input))}")
    if stats.enterprise_rd_input is not None:
        sentences.append(f"企业研发投入{part.fact('企业研发投入', t.money(stats.enterprise_rd_input))}")
    part.add(*sentences)
    return part


def _target_value(target) -> str:
    return f"{t.number(target.target)}{target.unit}{'以上' if target.at_least else ''}"


def build_goals(*, year: int, options: Options) -> Part:
    """（二）奋斗目标: written from the AnnualTarget records of the next year."""
    next_year = year + 1
    part = Part(empty_text=f"{next_year}年度目标尚未确定。")
    targets = shared.annual_targets(year=next_year, with_actual=False)
    by_measure = {target.measure: target for target in targets if target.measure != "none"}
    items = []
    applied, granted = by_measure.get("patents_applied"), by_measure.get("patents_granted")
    if applied and granted:
        items.append(
            f"力争全县专利申请量和授权量分别达到{part.fact('专利申请量目标', _target_value(applied))}"
            f"和{part.fact('专利授权量目标', _target_value(granted))}"
        )
    projects_target = by_measure.get("projects_national_provincial")
    if projects_target:
        items.append(f"拟申报国家、省科技项目{part.fact('申报国家省项目目标', _target_value(projects_target))}")
    appraisal = [
        f"{part.fact(f'{label}成果鉴定目标', _target_value(target))}{label}科技成果"
        for label, target in (
            ("省级", by_measure.get("appraisals_provincial")),
            ("市级", by_measure.get("appraisals_municipal")),
        )
        if target
    ]
    if appraisal:
        items.append(f"拟抓好{'和'.join(appraisal)}鉴定")
    written = {"projects_national_provincial", "appraisals_provincial", "appraisals_municipal"}
    if applied and granted:
        written |= {"patents_applied", "patents_granted"}
    for target in targets:
        if target.measure in written:
            continue
        name = target.indicator.removesuffix("数")
        items.append(f"{name}达到{part.fact(target.indicator, _target_value(target))}")
    if items:
        part.add("；".join(f"{t.ordinal(n)}是{item}" for n, item in enumerate(items, start=1)))
    return part
