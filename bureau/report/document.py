"""Compose a year's report: builders' paragraphs, staff edits and placeholders, as one plain document.

The document is a JSON-ready dict, so an issued version stores exactly what was printed.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from bureau import selectors as shared
from bureau.models import Report

from . import text as t
from .builders import Options, Part
from .outline import outline

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,40})\}")


@dataclass
class SectionState:
    """A part as the edit page needs it: what the records say now and what will print."""

    key: str
    heading: str | None
    chapter: str | None
    is_narrative: bool
    generated: Part
    printed: list[str]
    is_edited: bool
    omit_when_empty: bool
    changed_facts: list[tuple[str, str, str]]


def fill_placeholders(text: str, facts: dict[str, str]) -> str:
    """Replace {事实名} with the fact's current value; unknown names stay as written."""
    return PLACEHOLDER.sub(lambda m: facts.get(m.group(1).strip(), m.group(0)), text)


def changed_facts(before: dict, now: dict) -> list[tuple[str, str, str]]:
    """(label, value when edited, value now) for every fact that differs."""
    labels = list(dict.fromkeys([*before, *now]))
    return [
        (label, before.get(label, "—"), now.get(label, "—")) for label in labels if before.get(label) != now.get(label)
    ]


def report_title(year: int) -> str:
    return f"{shared.bureau_profile().county}科技局{year}年工作总结和{year + 1}年工作计划"


def section_states(report: Report) -> list[SectionState]:
    """Every part of the report with its generated and printed text (one pass over the builders)."""
    options = Options(patents_until=report.patents_until)
    stored = {section.key: section for section in report.sections.all()} if report.pk else {}
    specs = [(chapter, part) for chapter in outline(report.year) for part in chapter.parts]
    generated = {
        part.key: part.builder(year=report.year, options=options) if part.builder else Part() for _, part in specs
    }
    all_facts: dict[str, str] = {}
    for part in generated.values():
        all_facts.update(part.facts)
    states = []
    for chapter, spec in specs:
        part = generated[spec.key]
        section = stored.get(spec.key)
        edited = bool(section and section.is_edited)
        omit = bool(section and section.omit_when_empty)
        if edited:
            printed = [line.strip() for line in fill_placeholders(section.text, all_facts).splitlines() if line.strip()]
        else:
            printed = list(part.paragraphs)
        if not printed and not spec.is_narrative and not omit and part.empty_text:
            printed = [part.empty_text]
        states.append(
            SectionState(
                key=spec.key,
                heading=spec.heading,
                chapter=chapter.heading,
                is_narrative=spec.is_narrative,
                generated=part,
                printed=printed,
                is_edited=edited,
                omit_when_empty=omit,
                changed_facts=changed_facts(section.facts_at_edit, part.facts) if edited else [],
            )
        )
    return states


def compose(report: Report, *, date: datetime.date | None = None, states: list[SectionState] | None = None) -> dict:
    """The printable document: title, chapters with parts and paragraphs, signature; plus the facts used."""
    states = states if states is not None else section_states(report)
    profile = shared.bureau_profile()
    chapters: list[dict] = []
    facts: dict[str, dict] = {}
    for state in states:
        facts[state.key] = state.generated.facts
        if not state.printed:
            continue  # an empty part is left out, with its heading
        if not chapters or chapters[-1]["heading"] != state.chapter:
            chapters.append({"heading": state.chapter, "parts": []})
        chapters[-1]["parts"].append({"key": state.key, "heading": state.heading, "paragraphs": state.printed})
    date = date or timezone.localdate()
    return {
        "year": report.year,
        "title": report_title(report.year),
        "chapters": chapters,
        "signature": {"name": profile.name, "date": t.full_date(date)},
        "appendix": appendix(states) if report.include_appendix else [],
        "facts": facts,
    }


def appendix(states: list[SectionState]) -> list[dict]:
    """Every part's tables, in the order of the parts, numbered 附表1, 附表2 …"""
    tables = [table for state in states for table in state.generated.tables if table["rows"]]
    return [{**table, "title": f"附表{n}　{table['title']}"} for n, table in enumerate(tables, start=1)]


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
    for table in document.get("appendix", []) if appendix else []:
        lines.append(table["title"])
        lines.extend("\t".join(row) for row in [table["columns"], *table["rows"]])
    return "\n".join(lines)
