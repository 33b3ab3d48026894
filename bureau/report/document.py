"""Compose a year's report: builders' paragraphs, staff edits and placeholders, as one plain document.

The document is a JSON-ready dict, so an issued version stores exactly what was printed.
"""

import datetime
import re
from dataclasses import dataclass, field

from bureau import selectors as shared
from bureau.models import Report

from . import text as t
from .builders import Options, Part
from .outline import outline

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,40})\}")


@dataclass
class SectionState:
    """A part as the edit page needs it: what the records say now and what will print.

    `heading` and `chapter` are the numbered headings as printed (None when the part does not print);
    `title` is the part's unnumbered heading for the edit page.
    """

    key: str
    chapter_key: str
    title: str | None
    chapter_title: str | None
    is_narrative: bool
    generated: Part
    printed: list[str]
    is_edited: bool
    omit_when_empty: bool
    changed_facts: list[tuple[str, str, str]]
    missing: list[str] = field(default_factory=list)
    heading: str | None = None
    chapter: str | None = None
    neutral: str | None = None
    # Staff's stored text (placeholders unfilled), "" for a generated part: what 采纳 corrects.
    source: str = ""

    @property
    def is_empty(self) -> bool:
        """No records and no staff text: the part prints "暂无记录" under a neutral heading, or nothing."""
        return not self.is_edited and not self.is_narrative and self.generated.is_empty


# What a draft's signature shows before a 成文日期 is set: the blank a paper draft leaves for the date.
UNDATED = "　　　　年　　月　　日"


def placeholders(text: str) -> list[str]:
    """The {事实名} names a text cites, in order, each once."""
    return list(dict.fromkeys(m.group(1).strip() for m in PLACEHOLDER.finditer(text)))


def fill_placeholders(text: str, facts: dict[str, str]) -> str:
    """Replace {事实名} with the fact's current value; unknown names stay as written (saving refuses them)."""
    return PLACEHOLDER.sub(lambda m: facts.get(m.group(1).strip(), m.group(0)), text)


def changed_facts(before: dict, now: dict) -> list[tuple[str, str, str]]:
    """(label, value when edited, value now) for every fact that differs."""
    labels = list(dict.fromkeys([*before, *now]))
    return [
        (label, before.get(label, "—"), now.get(label, "—")) for label in labels if before.get(label) != now.get(label)
    ]


def issued_changes(figures: dict[str, dict], states: list[SectionState]) -> list[tuple[str, str, str]]:
    """(label, value issued, value now) for every figure of an issued version that the ledger no longer gives."""
    now = {state.key: state.generated.facts for state in states}
    changes: dict[str, tuple[str, str, str]] = {}
    for key in dict.fromkeys([*figures, *now]):
        for change in changed_facts(figures.get(key, {}), now.get(key, {})):
            changes.setdefault(change[0], change)
    return list(changes.values())


def report_title(year: int) -> str:
    return f"{shared.bureau_profile().county}科技局{year}年工作总结和{year + 1}年工作计划"


def all_facts(states: list[SectionState]) -> dict[str, str]:
    """Every fact the year's records give, by label: the names a placeholder may cite."""
    facts: dict[str, str] = {}
    for state in states:
        facts.update(state.generated.facts)
    return facts


def number_headings(states: list[SectionState]) -> None:
    """Number the chapters and parts that print, consecutively: 一、二、… and （一）（二）… within a chapter."""
    chapter_no = 0
    for chapter_key in dict.fromkeys(state.chapter_key for state in states):
        parts = [state for state in states if state.chapter_key == chapter_key and state.printed]
        if not parts:
            continue
        chapter_title = parts[0].chapter_title
        if chapter_title:
            chapter_no += 1
            chapter_title = f"{t.ordinal(chapter_no)}、{chapter_title}"
        part_no = 0
        for state in parts:
            state.chapter = chapter_title
            title = state.neutral if state.is_empty and state.neutral else state.title
            if title:
                part_no += 1
                state.heading = f"（{t.ordinal(part_no)}）{title}"


def section_states(report: Report) -> list[SectionState]:
    """Every part of the report with its generated and printed text (one pass over the builders)."""
    options = Options(patents_until=report.patents_until)
    stored = {section.key: section for section in report.sections.all()} if report.pk else {}
    specs = [(chapter, part) for chapter in outline(report.year) for part in chapter.parts]
    generated = {
        part.key: part.builder(year=report.year, options=options) if part.builder else Part() for _, part in specs
    }
    facts: dict[str, str] = {}
    for part in generated.values():
        facts.update(part.facts)
    states = []
    for chapter, spec in specs:
        part = generated[spec.key]
        section = stored.get(spec.key)
        edited = bool(section and section.is_edited)
        omit = bool(section and section.omit_when_empty)
        missing = []
        if edited:
            missing = [name for name in placeholders(section.text) if name not in facts]
            printed = [line.strip() for line in fill_placeholders(section.text, facts).splitlines() if line.strip()]
        else:
            printed = list(part.paragraphs)
        if not printed and not spec.is_narrative and not omit and part.empty_text:
            printed = [part.empty_text]
        states.append(
            SectionState(
                key=spec.key,
                chapter_key=chapter.key,
                title=spec.title,
                chapter_title=chapter.title,
                is_narrative=spec.is_narrative,
                generated=part,
                printed=printed,
                is_edited=edited,
                omit_when_empty=omit,
                changed_facts=changed_facts(section.facts_at_edit, part.facts) if edited else [],
                missing=missing,
                neutral=spec.neutral,
                source=section.text if edited else "",
            )
        )
    number_headings(states)
    return states


def compose(report: Report, *, date: datetime.date | None = None, states: list[SectionState] | None = None) -> dict:
    """The printable document: title, chapters with parts and paragraphs, signature; plus the facts used.

    The signature's date is the 成文日期: `date` (定稿 passes it), else the one set on the report,
    else a blank for the date, never the day the file is built.
    """
    states = states if states is not None else section_states(report)
    profile = shared.bureau_profile()
    chapters: list[dict] = []
    facts: dict[str, dict] = {}
    for state in states:
        facts[state.key] = state.generated.facts
        if not state.printed:
            continue  # an empty part is left out, with its heading
        if not chapters or chapters[-1]["key"] != state.chapter_key:
            chapters.append({"key": state.chapter_key, "heading": state.chapter, "parts": []})
        chapters[-1]["parts"].append({"key": state.key, "heading": state.heading, "paragraphs": state.printed})
    date = date or report.issued_on
    return {
        "year": report.year,
        "title": report_title(report.year),
        "chapters": chapters,
        "signature": {"name": profile.name, "date": t.full_date(date) if date else UNDATED},
        "appendix": appendix(states) if report.include_appendix else [],
        "facts": facts,
    }


def appendix(states: list[SectionState]) -> list[dict]:
    """Every part's tables with rows, in the order of the parts; they print as 附表1, 附表2 … (render numbers them)."""
    return [table for state in states for table in state.generated.tables if table["rows"]]


def plain_text(document: dict, *, appendix: bool = False) -> str:
    """The document as plain text, one paragraph a line (for tests and searches); the appendix tables on request."""
    lines = [document["title"]]
    for chapter in document["chapters"]:
        if chapter["heading"]:
            lines.append(chapter["heading"])
        for part in chapter["parts"]:
            if part["heading"]:
                lines.append(part["heading"])
            lines.extend(part["paragraphs"])
    lines += [document["signature"]["name"], document["signature"]["date"]]
    for number, table in enumerate(document.get("appendix", []) if appendix else [], start=1):
        lines.append(f"附表{number}　{table['title']}")
        lines.extend("\t".join(row) for row in [table["columns"], *table["rows"]])
    return "\n".join(lines)
