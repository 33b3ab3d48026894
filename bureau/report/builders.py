"""One builder per section of the report: year → paragraphs, reading records only through selectors.

Every key figure a builder prints is read from the figure registry (`bureau.figures`), the same
declarations the dashboard shows; titles and lists come from the apps' selectors. Each builder
returns a `Part`: its paragraphs, the facts (label → written value) it used, so the edit page can
show which facts changed since staff last edited a section, and the figures it cited (evidence),
which the report page links to the records behind them.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from awards import selectors as awards
from bureau import selectors as shared
from bureau.figures import figures
from outreach import selectors as outreach
from patents import selectors as patents
from projects import selectors as projects

from . import text as t

# A sentence names at most this many records of a kind; the rest are counted and listed in the appendix.
NAMED_LIMIT = 5
LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}


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
    # Appendix tables (附表): {"title", "columns", "rows"}; document.compose numbers them in order.
    tables: list[dict] = field(default_factory=list)

    # Figures cited: {"lead", "text", "url", "title"}; the page links `text` where it follows `lead`.
    evidence: list[dict] = field(default_factory=list)

    def fact(self, label: str, value: str) -> str:
        self.facts[label] = value
        return value

    def cite(self, key: str, text: str, *, year: int, lead: str, until: datetime.date | None = None) -> str:
        """`text` (the written value of figure `key`, e.g. “15件”), written right after `lead`: kept as evidence."""
        figure = figures.get(key)
        cutoff = {year: until} if until else None
        self.evidence.append(
            {
                "lead": lead,
                "text": text,
                "url": figure.url(year=year, until=cutoff),
                "title": f"口径：{figure.describe(year=year, until=cutoff)}",
            }
        )
        return text

    def add(self, *sentences: str) -> None:
        paragraph = "".join(t.sentence(s) for s in sentences if s)
        if paragraph:
            self.paragraphs.append(paragraph)

    @property
    def is_empty(self) -> bool:
        return not self.paragraphs


def figure_values(keys, *, year: int, until: datetime.date | None = None) -> dict:
    """The registry's values of `year` for `keys`, counted up to `until` (default: the whole year)."""
    values = figures.values(keys, years=[year], until={year: until} if until else None)
    return {key: by_year[year] for key, by_year in values.items()}


def _significance(level: str, amount) -> tuple:
    """Sort key: national before provincial before municipal before county, then the larger amount."""
    return (LEVEL_RANK.get(level, len(LEVEL_RANK)), -(amount or 0))


def _named(records, *, key) -> set[int]:
    """The records a sentence names by title: all of them, or the NAMED_LIMIT most significant of more."""
    titled = [r for r in records if _has_title(r)]
    if len(records) <= NAMED_LIMIT:
        return {r.pk for r in titled}
    return {r.pk for r in sorted(titled, key=key)[:NAMED_LIMIT]}


def _has_title(record) -> bool:
    program = getattr(record, "program", None)
    return bool(record.title) and (program is None or getattr(program, "titled", True))


def _counted(label: str, records: list, named: set[int], *, measure: str = "项", lead: str = "") -> str:
    """ "{label}2项《甲》和《乙》", "{label}《甲》等12项" or "{label}5项": titles named, the rest counted."""
    titles = [r.title for r in records if r.pk in named]
    n = len(records)
    if titles and len(titles) == n:
        return f"{label}{n}{measure}{lead}{t.titles(titles)}"
    if titles:
        return f"{label}{lead}{t.titles(titles)}等{n}{measure}"
    return f"{label}{n}{measure}{lead}"


def _program_phrase(name: str) -> str:
    # 专项/备选企业/…项目/…计划 with a person's name already name what is counted; others read "…计划项目N项".
    return name if name.endswith(("专项", "企业", "项目")) else f"{name}项目"


def _by_program(records) -> list[tuple]:
    groups: dict = {}
    for record in records:
        groups.setdefault(record.program, []).append(record)
    return list(groups.items())


def _project_groups(part: Part, records: list, *, what: str, money: bool) -> str:
    named = _named(records, key=lambda r: _significance(r.program.level, r.funding_approved))
    # Every programme keeps its count (the programmes are a short editable list); only titles are limited.
    groups = _by_program(records)
    phrases = []
    for program, items in groups:
        items = sorted(items, key=lambda r: _significance(r.program.level, r.funding_approved))
        part.fact(f"{what}{program.name}", str(len(items)))
        phrase = _counted(_program_phrase(program.name), items, named)
        funding = sum(r.funding_approved or 0 for r in items) if money else 0
        if funding:
            amount = part.fact(f"{program.name}立项经费", t.money(funding))
            phrase += amount if len(items) == 1 else f"共{amount}"
        phrases.append(phrase)
    return t.series(phrases)


def _project_table(applied: list, approved: list) -> dict:
    records = list({r.pk: r for r in [*applied, *approved]}.values())
    records.sort(key=lambda r: (*_significance(r.program.level, r.funding_approved), r.program.name, r.title))
    rows = [
        [
            str(n),
            r.title if _has_title(r) else "—",
            r.program.name,
            r.applicant_person or (t.unit_name(r.applicant) if r.applicant else ""),
            r.get_status_display(),
            t.number(r.funding_approved) if r.funding_approved else "",
        ]
        for n, r in enumerate(records, start=1)
    ]
    return {
        "title": "科技计划项目",
        "columns": ["序号", "项目名称", "计划类别", "承担单位", "状态", "立项经费（万元）"],
        "rows": rows,
    }


def build_projects(*, year: int, options: Options) -> Part:
    """（一）科技计划项目取得新成效: applications by programme, approvals with funding."""
    part = Part(empty_text=f"{year}年暂无科技计划项目申报和立项记录。")
    applied = list(projects.project_applications(year=year))
    approved = list(projects.project_approvals(year=year))
    values = figure_values(["projects_applied", "funding_approved"], year=year)
    sentences = []
    if applied:
        total = part.fact("申报项目数", str(values["projects_applied"]))
        cited = part.cite("projects_applied", f"{total}项", year=year, lead="共申报项目")
        sentences.append(f"今年，共申报项目{cited}，分别为{_project_groups(part, applied, what='申报', money=False)}")
    if approved:
        part.fact("立项项目数", str(len(approved)))
        sentences.append("获批" + _project_groups(part, approved, what="立项", money=True))
        funding = values["funding_approved"]
        if funding:
            money = part.fact("立项经费合计", t.money(funding))
            part.cite("funding_approved", money, year=year, lead="共获得上级科技项目资金")
            sentences.append(f"共获得上级科技项目资金{money}")
    part.add(*sentences)
    if applied or approved:
        part.tables.append(_project_table(applied, approved))
    return part


def _units(enterprises) -> str:
    """普正制药和新天地药业; 普正制药、水产等企业和单位 (when not all are enterprises); at most NAMED_LIMIT named."""
    enterprises = list(enterprises)
    names = list(dict.fromkeys(t.unit_name(e) for e in enterprises))[:NAMED_LIMIT]
    mixed = len({e.kind == "enterprise" for e in enterprises}) > 1
    if len(enterprises) > NAMED_LIMIT:
        return f"{'、'.join(names)}等{len(enterprises)}家{'企业和单位' if mixed else '企业'}"
    if mixed:
        return f"{'、'.join(names)}等企业和单位"
    return t.join_and(names)


def _events(events: list) -> str:
    names = [e.title for e in events]
    if len(names) > NAMED_LIMIT:
        return f"{t.quoted(names[:NAMED_LIMIT])}等{len(names)}场活动"
    return t.quoted(names)


def build_cooperation(*, year: int, options: Options) -> Part:
    """（二）科技合作与交流取得新进步: events merged by who took part; partnerships with institutes."""
    part = Part(empty_text=f"{year}年暂无科技合作与交流记录。")
    events = list(outreach.cooperation_events(year=year))
    summary = outreach.partnership_summary(year=year)
    # The industries are the events' own subject (a field of each event), never those of who took part.
    industries = sorted(
        {i.pk: i for event in events for i in event.industries.all()}.values(), key=lambda i: (i.sort_order, i.name)
    )
    if industries:
        part.fact("合作交流服务产业", "、".join(i.name for i in industries))
    # Undated events with the same participants are one clause; a dated event is its own sentence.
    undated: dict[tuple, list] = {}
    dated = []
    for event in events:
        part.fact(f"合作交流{event.pk}", event.title)
        if event.start_date:
            dated.append(event)
        else:
            undated.setdefault(tuple(e.pk for e in event.participants.all()), []).append(event)
    sentences = []
    if len(events) > NAMED_LIMIT:
        # Many events: the ones most units attended by name, the rest counted.
        top = sorted(events, key=lambda e: (-len(e.participants.all()), e.start_date or datetime.date.max, e.pk))
        units = {u.pk for e in events for u in e.participants.all()}
        lead = f"重点围绕我县{'、'.join(i.name for i in industries)}等产业发展需求，" if industries else ""
        sentences.append(
            f"{lead}今年共组织{len(units)}家企业和单位参加{t.quoted(e.title for e in top[:NAMED_LIMIT])}"
            f"等{part.fact('合作交流活动数', str(len(events)))}场科技合作交流活动"
        )
        undated, dated = {}, []
    # One sentence per group of participants, so a unit is named once in a sentence.
    for n, group in enumerate(undated.values()):
        units = list(group[0].participants.all())
        who = _units(units) if units else "我县企业"
        lead = "积极" if n == 0 else ""
        if n == 0 and industries:
            lead = f"重点围绕我县{'、'.join(i.name for i in industries)}等产业发展需求，积极"
        sentences.append(f"{lead}组织{who}参加{_events(group)}")
    for event in dated:
        units = list(event.participants.all())
        who = _units(units) if units else "我县企业"
        sentences.append(f"{t.date_range(event.start_date, event.end_date)}，组织{who}参加“{event.title}”")
    if summary.partner_count:
        shown = 3
        locals_ = [t.unit_name(e) for e in summary.enterprises[:shown]]
        partners = [t.unit_name(e) for e in summary.partners[:shown]]
        local_text = "、".join(locals_) + ("等企业" if len(summary.enterprises) > shown else "")
        count = part.fact("合作院所数", str(summary.partner_count))
        if summary.partner_count > shown:
            partner_text = f"{'、'.join(partners)}等{t.tens(summary.partner_count)}家科研院所"
        else:
            partner_text = t.join_and(partners)
        part.facts["合作院所数"] = count
        items = list(
            dict.fromkeys(
                item.strip() for content in summary.contents for item in re.split("[、及和]", content) if item.strip()
            )
        )
        contents = "、".join(items[:-1]) + "及" + items[-1] if len(items) > 1 else "".join(items)
        verb = "分别与" if len(locals_) > 1 else "与"
        sentences.append(f"目前，{local_text}{verb}{partner_text}开展{contents}")
    part.add(*sentences)
    return part


def _preferences(kind) -> str:
    """The tax preferences a certification kind brings, from the kind's own fields."""
    items = []
    if kind.income_tax_rate is not None:
        items.append(f"减按{kind.income_tax_rate}%的税率缴纳企业所得税")
    if kind.rd_deduction_percent:
        items.append(f"研发费用可按实际发生额的{kind.rd_deduction_percent}%抵扣当年应纳税所得额")
    return t.join_and(items)


def build_high_tech(*, year: int, options: Options) -> Part:
    """（三）高新技术产业发展加快: high-tech enterprises, new certifications and rewards, major projects."""
    part = Part(empty_text=f"{year}年暂无高新技术企业认定记录。")
    above_scale = figure_values(["above_scale_high_tech"], year=year)["above_scale_high_tech"]
    certs = list(shared.certifications_granted(year=year, high_tech=True))
    majors = projects.major_projects_under_way(year=year).count()
    sentences = []
    lead = ""
    if above_scale:
        count = part.fact("规模以上高新技术企业数", str(above_scale))
        part.cite("above_scale_high_tech", f"{count}家", year=year, lead="全县有规模以上高新技术企业")
        lead = f"全县有规模以上高新技术企业{count}家"
    if certs:
        by_kind: dict = {}
        for cert in certs:
            by_kind.setdefault(cert.kind, []).append(cert)
        clauses = []
        for kind, items in by_kind.items():
            units = list({c.enterprise_id: c.enterprise for c in items}.values())
            clause = f"{_units(units)}获批{kind.name}"
            rewards = {c.reward for c in items}
            if len(rewards) == 1 and 0 not in rewards:
                each = "分别" if len(items) > 1 else ""
                clause += f"，县财政{each}奖励{part.fact(f'{kind.name}奖励', t.money(rewards.pop()))}"
            elif any(rewards):
                total = sum(c.reward for c in items)
                clause += f"，县财政共奖励{part.fact(f'{kind.name}奖励', t.money(total))}"
            preferences = _preferences(kind)
            if preferences:
                clause += f"，并享受{part.fact(f'{kind.name}优惠政策', preferences)}等优惠政策"
            clauses.append(clause)
        part.fact("新认定高新技术企业", "、".join(f"{c.enterprise}·{c.kind}" for c in certs))
        if lead:
            sentences.append(lead)
        # The newly certified need not be among the above-scale ones: a sentence of their own, not "其中".
        lead = "今年，" + "；".join(clauses)
    if lead:
        sentences.append(lead)
    if majors:
        sentences.append(f"全县正在实施的国家、省、市重大科技项目有{part.fact('在实施重大科技项目数', str(majors))}项")
    part.add(*sentences)
    return part


def _rarity(people: list) -> str:
    """全省仅有5人入选该计划，全市只有我县2人: from the records' own counts, never from a note."""
    province = max((p.province_selected for p in people if p.province_selected), default=None)
    city = max((p.city_selected for p in people if p.city_selected), default=None)
    ours = len(people)
    clauses = []
    if province:
        clauses.append(f"全省{'仅有' if province <= 10 else '共有'}{province}人入选该计划")
    if city:
        clauses.append(f"全市只有我县{ours}人入选" if city == ours else f"全市共{city}人入选，其中我县{ours}人")
    return "，".join(clauses)


def _talent_summary(part: Part, talents: list, *, year: int) -> str:
    """More selections than a sentence can name: counted by programme, the highest level first."""
    by_program: dict = {}
    for talent in sorted(talents, key=lambda p: _significance(p.program.level, 0)):
        by_program.setdefault(talent.program.name, []).append(talent)
    counts = [f"{program}{len(people)}人" for program, people in by_program.items()]
    total = part.fact("人才入选数", str(figure_values(["talents"], year=year)["talents"]))
    part.cite("talents", f"{total}人", year=year, lead="全县共有")
    return f"今年，全县共有{total}人入选各级人才计划，其中{t.series(counts)}"


def build_platforms(*, year: int, options: Options) -> Part:
    """（四）科技创新平台取得新突破: platforms in force and talents selected this year."""
    part = Part(empty_text=f"{year}年暂无科技创新平台和人才入选记录。")
    platforms = list(shared.certifications_in_force(year=year, platform=True))
    by_unit: dict[str, list[tuple[str, str]]] = {}
    for cert in platforms:
        by_unit.setdefault(t.unit_name(cert.enterprise), []).append((t.LEVEL_PREFIX[cert.level], cert.kind.name))
    sentences = []
    if len(by_unit) > NAMED_LIMIT:
        # Many units: the highest-level platforms by name, all of them counted.
        top = sorted(platforms, key=lambda c: _significance(c.level, 0))[:NAMED_LIMIT]
        named = t.join_and(f"{t.unit_name(c.enterprise)}{t.LEVEL_PREFIX[c.level]}{c.kind.name}" for c in top)
        sentences.append(f"全县现有{named}等{part.fact('创新平台数', str(len(platforms)))}个科技创新平台")
        by_unit = {}
    for unit, items in by_unit.items():
        levels = {level for level, _ in items}
        if len(levels) == 1:  # 省级博士后科研工作站和博士后创新实践基地: the shared level once
            sentences.append(f"{unit}建有{levels.pop()}{t.join_and(kind for _, kind in items)}")
        else:
            sentences.append(f"{unit}建有{t.join_and(level + kind for level, kind in items)}")
    if by_unit:
        part.fact("创新平台", "；".join(sentences))
    talents = list(awards.talent_selections(year=year))
    if len(talents) > NAMED_LIMIT:
        sentences.append(_talent_summary(part, talents, year=year))
        talents = []
    groups: dict[tuple, list] = {}
    for talent in talents:
        month = talent.selected_on.month if talent.selected_on else None
        groups.setdefault((month, talent.program.name), []).append(talent)
    first = True
    for (month, program), people in groups.items():
        names = [f"{t.unit_name(p.enterprise) if p.enterprise else ''}{p.person}" for p in people]
        part.fact(f"入选{program}", "、".join(p.person for p in people))
        when = ("今年" if first else "") + (f"{month}月，" if month else "，")
        first = False
        # A 培养对象 is "确定为" the programme; other programmes are "入选" that year's selection.
        verb, target = ("确定为", program) if program.endswith("对象") else ("入选", f"{year}年{program}")
        each = "分别" if len(people) > 1 else ""
        rarity = _rarity(people)
        if rarity:
            part.fact(f"{program}入选人数", rarity)
        sentences.append(f"{when}{t.join_and(names)}{each}{verb}{target}" + (f"，{rarity}" if rarity else ""))
    part.add(*sentences)
    return part


def _patent_cutoff(year: int, until: datetime.date | None) -> str:
    if until is None or until >= datetime.date(year, 12, 31):
        return "全年"
    if until.day == calendar.monthrange(until.year, until.month)[1]:
        return f"截至{until.month}月份"
    return f"截至{t.day(until)}"


# 量词 of the commendation's categories: patents are 件, everything else 个, as the bureau writes.
CATEGORY_MEASURE = {"patent": "件"}


def _nomination_sentence(part: Part, nominations: list, *, year: int) -> str:
    groups: dict[tuple, list] = {}
    for record in nominations:
        groups.setdefault((LEVEL_RANK.get(record.level, 9) * -1, record.award, record.level), []).append(record)
    # Each level's nominations are their own list in the sentence, so each is limited on its own.
    named = set().union(
        *(_named(items, key=lambda r: (r.submitted_on or datetime.date.max, r.pk)) for items in groups.values())
    )
    # County first, as the bureau writes it: what was filed here, then what went on to a higher level.
    ordered = sorted(groups.items(), key=lambda g: (g[0][0], g[0][1]))
    (_, award, level), items = ordered[0]
    label = f"{t.LEVEL_PREFIX[level]}{award}"
    part.fact(f"申报{label}", str(len(items)))
    titles = [r.title for r in items if r.pk in named]
    text = f"今年，我县申报{label}{len(items)}项"
    if titles:
        text += f"，{'分别是' if len(titles) == len(items) else '包括'}{t.titles(titles)}" + (
            "等" if len(titles) < len(items) else ""
        )
    higher = [r for r in items if r.recommended_higher]
    if higher:
        shown = [r.title for r in higher if r.pk in named]
        which = t.titles(shown) if len(shown) == len(higher) else f"{len(higher)}项"
        text += f"，其中{which}推荐申报上一级{award}"
    for (_, award, level), items in ordered[1:]:
        label = f"{t.LEVEL_PREFIX[level]}{award}"
        part.fact(f"申报{label}", str(len(items)))
        shown = [r.title for r in items if r.pk in named]
        if shown and len(shown) == len(items):
            text += f"，另有{t.titles(shown)}推荐申报{label}"
        elif shown:
            text += f"，另有{t.titles(shown)}等{len(items)}项推荐申报{label}"
        else:
            text += f"，另有{len(items)}项推荐申报{label}"
    won = figure_values(["award_wins"], year=year)["award_wins"]
    if won:
        text += f"，已有{part.cite('award_wins', part.fact('获奖数', str(won)) + '项', year=year, lead='已有')}获奖"
    return text


def _award_table(nominations: list) -> dict:
    records = sorted(nominations, key=lambda r: (LEVEL_RANK.get(r.level, 9), r.award, r.title))
    rows = [
        [
            str(n),
            r.title,
            f"{t.LEVEL_PREFIX[r.level]}{r.award}",
            t.unit_name(r.applicant) if r.applicant else "",
            r.get_status_display(),
            r.grade,
        ]
        for n, r in enumerate(records, start=1)
    ]
    return {
        "title": "科技奖励申报",
        "columns": ["序号", "成果名称", "奖项", "申报单位", "状态", "获奖等级"],
        "rows": rows,
    }


# Above this many patents the appendix counts them by applicant: a county lists its patents, a load test does not.
PATENT_ROWS_LIMIT = 300


def _patent_table(year: int, until: datetime.date | None) -> dict | None:
    qs = patents.patents_of_year(year=year, until=until)
    count = qs.count()
    if not count:
        return None
    if count > PATENT_ROWS_LIMIT:
        rows = [
            [str(n), name or "（未填申请单位）", str(filed), str(granted)]
            for n, (name, filed, granted) in enumerate(patents.patent_counts_by_applicant(year=year, until=until), 1)
        ]
        return {
            "title": "专利申请和授权（按申请单位汇总）",
            "columns": ["序号", "申请单位", "申请量", "授权量"],
            "rows": rows,
        }
    rows = [
        [
            str(n),
            p.application_number,
            p.title,
            p.get_kind_display(),
            t.unit_name(p.applicant) if p.applicant else p.applicant_person,  # a person's patent names the person
            t.full_date(p.filed_on),
            t.full_date(p.granted_on) if p.granted_on else "",
        ]
        for n, p in enumerate(qs, start=1)
    ]
    return {
        "title": "专利申请和授权",
        "columns": ["序号", "申请号", "专利名称", "类型", "申请单位", "申请日期", "授权日期"],
        "rows": rows,
    }


def build_achievements(*, year: int, options: Options) -> Part:
    """（五）科技成果和知识产权工作取得新进展: nominations, appraisals, patents, the commendation meeting."""
    part = Part(empty_text=f"{year}年暂无科技成果和知识产权记录。")
    sentences = []
    nominations = list(awards.award_nominations(year=year))
    if nominations:
        sentences.append(_nomination_sentence(part, nominations, year=year))
    appraisals = list(awards.appraisals(year=year))
    named = _named(appraisals, key=lambda a: _significance(a.level, 0))
    by_level: dict[str, list] = {}
    for appraisal in appraisals:
        by_level.setdefault(appraisal.level, []).append(appraisal)
    for level, items in by_level.items():
        label = t.LEVEL_PREFIX[level]
        part.fact(f"{label}成果鉴定数", str(len(items)))
        text = "有" + _counted("", items, named, lead="科技成果") + f"通过{label}成果鉴定"
        conclusions = {a.get_conclusion_display() for a in items}
        if len(conclusions) == 1:
            text += f"，总体达到{conclusions.pop()}水平"
        sentences.append(text)
    until = options.patents_until
    counts = figure_values(["patents_applied", "patents_granted"], year=year, until=until)
    written = []
    for key, fact, lead in (
        ("patents_applied", "专利申请量", "申请专利"),
        ("patents_granted", "专利授权量", "授权专利"),
    ):
        if counts[key]:
            text = part.cite(key, f"{part.fact(fact, str(counts[key]))}件", year=year, lead=lead, until=until)
            written.append(f"{lead}{text}")
    if written:
        sentences.append(f"{_patent_cutoff(year, options.patents_until)}，全县共{'，'.join(written)}")
    meeting = awards.commendation_summary(year=year)
    if meeting is not None:
        held = meeting.commendation
        sentences.append(f"{t.day(held.held_on)}，召开{held.title}")
        if meeting.categories:
            items = [f"{n}{CATEGORY_MEASURE.get(code, '个')}{label}" for code, label, n in meeting.categories]
            part.fact("表彰事项", "、".join(items))
            text = f"会上，对{held.year_honoured}年度{t.join_and(items)}的获奖单位和个人代表进行表彰"
            if meeting.total_reward:
                text += f"，共奖励资金{part.fact('表彰奖励资金', t.money(meeting.total_reward))}"
            sentences.append(text)
    part.add(*sentences)
    if nominations:
        part.tables.append(_award_table(nominations))
    table = _patent_table(year, options.patents_until)
    if table:
        part.tables.append(table)
    return part


def _description(activity) -> tuple[str, set[str]]:
    """The activity's description with its {占位符} filled from the fields, and the fields it cited."""
    cited = set()

    def figure(match):
        name = match.group(1)
        attr = activity.FIGURES.get(name)
        if attr is None:
            return match.group(0)
        cited.add(attr)
        value = getattr(activity, attr) or 0
        return t.count(value, approx=activity.counts_approx) if attr in ("students", "participants") else str(value)

    return re.sub(r"\{([^{}]*)\}", figure, activity.description or "").strip().rstrip("。"), cited


def _activity_sentence(activity, week, part: Part) -> str:
    """One activity: when, who, where, what; figures the description does not cite are added at the end."""
    description, cited = _description(activity)
    figures = []
    towns = activity.towns_covered if "towns_covered" not in cited else 0
    schools = activity.schools_covered if "schools_covered" not in cited else 0
    if towns or schools:
        figures.append("覆盖" + (f"全县{towns}个乡镇" if towns else "") + (f"{schools}所学校" if schools else ""))
    if activity.students and "students" not in cited:
        figures.append(f"{t.count(activity.students, approx=activity.counts_approx)}名学生参与")
    if activity.participants and "participants" not in cited:
        figures.append(f"参与群众{t.count(activity.participants, approx=activity.counts_approx)}人")
    spans_week = week is not None and (activity.start_date, activity.end_date) == (week.start_date, week.end_date)
    # The week's dates are written once, in the opening sentence; an activity spanning it says so.
    when = "科技活动周期间" if spans_week else t.date_range(activity.start_date, activity.end_date)
    organisers = activity.organisers.strip()
    part.fact(
        f"科普活动{activity.pk}",
        f"{when} {activity.title} {description} " + "，".join(figures),
    )
    if description and organisers and organisers in description:
        return t.sentence("，".join([description, *figures]))
    where = f"在{activity.place}" if activity.place and activity.place not in description else ""
    body = description or f"开展{activity.title.removesuffix('活动')}活动"
    return t.sentence("，".join([f"{when}，{organisers}{where}{body}", *figures]))


def build_outreach(*, year: int, options: Options) -> Part:
    """（六）着力营造自主创新的浓厚氛围: the science week, activities and the week's totals."""
    part = Part(empty_text=f"{year}年暂无科技活动周和科普活动记录。")
    week = outreach.science_week(year=year)
    activities = list(outreach.outreach_activities(year=year))
    sentences = []
    if week is not None:
        when = part.fact("科技活动周日期", t.date_range(week.start_date, week.end_date))
        sentences.append(f"我县于{when}举办科技活动周")
        text = f"本次活动以“{part.fact('科技活动周主题', week.theme)}”为主题"
        if week.principles:
            text += f"，坚持{part.fact('科技活动周原则', week.principles)}的原则"
        if week.audiences:
            text += f"，面向{part.fact('科技活动周面向', week.audiences)}"
        if any(a.science_week_id == week.pk for a in activities):
            text += "，广泛深入地开展了内容丰富、形式多样的科普宣传活动"
        sentences.append(text)

    def order(activity):
        # Dated activities of the week first, then those spanning it, then those outside it.
        in_week = week is not None and activity.science_week_id == week.pk
        spans = in_week and (activity.start_date, activity.end_date) == (week.start_date, week.end_date)
        return (0 if in_week and not spans else 1 if spans else 2, activity.start_date, activity.pk)

    shown = sorted(activities, key=order)
    if len(activities) > NAMED_LIMIT:
        # Many activities: the largest by name and date, the others counted by kind.
        top = sorted(activities, key=lambda a: (-(a.participants + a.students), a.start_date, a.pk))[:NAMED_LIMIT]
        shown = [a for a in shown if a in top]
    sentences += [_activity_sentence(a, week, part) for a in shown]
    rest = [a for a in activities if a not in shown]
    if rest:
        kinds = list(dict.fromkeys(a.kind.name for a in rest))
        sentences.append(f"此外，全年还开展{'、'.join(kinds[:NAMED_LIMIT])}等科普活动{len(rest)}场")
    if week is not None:
        totals = []
        if week.personnel:
            people = part.fact("科技人员", t.count(week.personnel, approx=week.personnel_approx))
            totals.append(f"全县参与科技活动周的科技人员有{people}人次")
        if week.lectures:
            totals.append(f"组织各类科技讲座、培训{part.fact('讲座培训', str(week.lectures))}期")
        if week.materials:
            totals.append(f"发放科技宣传资料{part.fact('宣传资料', t.count(week.materials))}份")
        if week.consultations:
            totals.append(f"提供咨询服务{part.fact('咨询服务', t.count(week.consultations))}人次")
        if week.display_boards:
            totals.append(f"展出科普展板{part.fact('科普展板', str(week.display_boards))}块")
        participants = figure_values(["science_week_participants"], year=year)["science_week_participants"]
        if participants:
            people = part.fact("参与群众", t.count(participants, approx=week.participants_approx))
            totals.append(
                f"参与群众{part.cite('science_week_participants', people + '人', year=year, lead='参与群众')}"
            )
        if totals:
            sentences.append("据统计，" + "，".join(totals))
        if week.public_reached_percent:
            reached = part.fact("受教育比例", f"{week.public_reached_percent}%以上")
            sentences.append(f"全县{reached}的干部和群众不同程度地接受了科普知识宣传教育")
    part.add(*sentences)
    return part


def _figure_text(figure) -> str:
    text = f"{figure.name}为{t.number(figure.value)}{figure.unit}"
    if figure.target:
        text += f"，占目标任务的{t.number(round(figure.value * 100 / figure.target))}%"
    return text


def build_assistance(*, year: int, options: Options) -> Part:
    """（七）驻村挂点帮扶工作进展顺利: one paragraph: the kinds and funds, then what was done in each place."""
    part = Part(empty_text=f"{year}年暂无驻村挂点帮扶记录。")
    records = list(outreach.assistance_records(year=year))
    if not records:
        return part
    funds = figure_values(["assistance_funds"], year=year)["assistance_funds"]
    kinds = list(dict.fromkeys(r.get_kind_display() for r in records))
    lead = f"今年，我局加大了对{'、'.join(kinds)}等工作的帮扶力度"
    if funds:
        money = part.fact("帮扶资金", t.money(funds))
        lead += f"，共投入帮扶资金{part.cite('assistance_funds', money, year=year, lead='共投入帮扶资金')}"
    sentences = [lead]
    plain = []
    rest = []
    if len(records) > NAMED_LIMIT:
        # Many places: the five with the most funds are described, the others counted.
        top = sorted(records, key=lambda r: (-r.funds, r.pk))[:NAMED_LIMIT]
        rest = [r for r in records if r not in top]
        records = [r for r in records if r in top]
    for record in records:
        kind = record.get_kind_display()
        body = record.description.strip().rstrip("。")
        figures = [_figure_text(f) for f in record.figures.all()]
        if figures:
            part.fact(f"{record.place}{kind}成效", "，".join(figures))
        if not body:
            plain.append(record)
        elif kind in body:
            sentences.append(body)  # the description already names the work: no "在…工作中" before it
        else:
            where = "" if record.place in body else record.place
            sentences.append(f"在{where}{kind}工作中，{body}")
        if figures:
            sentences.append("，".join(figures))
    # Records without a description are one sentence: 帮助甲村和乙村分别抓好综治维稳和扶贫工作.
    if plain:
        places = t.join_and(r.place for r in plain)
        works = t.join_and(dict.fromkeys(r.get_kind_display() for r in plain))
        each = "分别" if len(plain) > 1 and len({r.kind for r in plain}) > 1 else ""
        sentences.append(f"帮助{places}{each}抓好{works}工作")
    if rest:
        sentences.append(f"此外，还在{len({r.place for r in rest})}个村（点）开展了帮扶工作")
    part.add(*sentences)
    return part


def build_problems(*, year: int, options: Options) -> Part:
    """二、问题和不足: the computed indicators staff cite (the narrative itself is staff's)."""
    part = Part(empty_text="")
    stats = shared.industry_statistics(year=year)
    if stats is None:
        return part
    sentences = []
    values = figure_values(["above_scale_high_tech", "high_tech_share", "rd_active_share"], year=year)
    if stats.above_scale_enterprises:
        high_tech = part.fact("规模以上高新技术企业数", str(values["above_scale_high_tech"]))
        part.cite("above_scale_high_tech", f"{high_tech}家", year=year, lead="其中高新技术产业的企业")
        sentences.append(
            f"全县有规模以上工业企业{part.fact('规模以上工业企业数', str(stats.above_scale_enterprises))}家，"
            f"其中高新技术产业的企业{high_tech}家"
        )
    share = shared.high_tech_share(year=year)
    if share is not None and values["high_tech_share"] is not None:
        previous = shared.high_tech_share(year=year - 1, period=share.period)
        period = "截至" + share.period.removeprefix("截至") if share.period != shared.FULL_YEAR else "全年"
        percent = part.fact("高新技术产业增加值占比", t.share(values["high_tech_share"]))
        text = (
            f"{part.fact('产业统计期', period)}，"
            f"高新技术产业增加值{part.fact('高新技术产业增加值', t.money(share.numerator))}，"
            f"占工业增加值{part.fact('工业增加值', t.money(share.denominator))}的比重为"
            f"{part.cite('high_tech_share', percent, year=year, lead='的比重为')}"
        )
        if previous is not None:
            text += f"（去年为{part.fact('去年高新技术产业增加值占比', t.share(previous.percent))}）"
        sentences.append(text)
    rd = shared.rd_active_share(year=year)
    if rd is not None and rd.numerator and values["rd_active_share"] is not None:
        percent = part.fact("有研发活动企业占比", t.share(values["rd_active_share"]))
        sentences.append(
            f"全县有创新研发活动的规模企业{part.fact('有研发活动企业数', t.number(rd.numerator))}家，"
            f"占规模以上工业企业{t.number(rd.denominator)}家的"
            f"{part.cite('rd_active_share', percent, year=year, lead='家的')}"
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
