"""Reads of the report module that a page needs besides the composed document."""

from dataclasses import dataclass

from bureau.models import DismissedFinding, Report
from bureau.proofread import Finding, formulations, proofread
from bureau.proofread.names import ledger_names
from bureau.text import sentence_around

from .document import SectionState, all_facts
from .findings import checked_text, unapplicable
from .outline import CARRY_OVER, PART_NAMES


def carry_over_offers(*, report: Report, states: list[SectionState]) -> list[tuple[str, str, str]]:
    """(key, name, text) of last year's staff-written parts that this year's draft has not written yet."""
    written = {state.key for state in states if state.is_edited}
    previous = Report.objects.filter(year=report.year - 1).first()
    if previous is None:
        return []
    sections = previous.sections.filter(key__in=CARRY_OVER, is_edited=True).exclude(key__in=written)
    return [(section.key, PART_NAMES[section.key], section.text) for section in sections]


@dataclass(frozen=True)
class SectionFinding:
    """A proofreader finding as the editor shows it: the sentence around it, and whether 采纳 can apply it.

    `can_apply` is False without a suggestion, or when the fix has no single place in the stored text
    (`note` says why: a figure filled in from the records, or a span across paragraphs). `occurrence` counts
    the section's earlier findings with the same key (the same word twice), so 采纳 fixes the one clicked.
    """

    finding: Finding
    before: str
    text: str
    after: str
    can_apply: bool
    occurrence: int = 0
    note: str = ""


def section_findings(*, report: Report, states: list[SectionState]) -> dict[str, list[SectionFinding]]:
    """The open findings of every section that prints, by section key; those staff dismissed (忽略) left out.

    One query for the dismissals, the ledger's names and the 提法 list each, then one proofread per section's text.
    """
    dismissed = (
        set(DismissedFinding.objects.filter(section__report=report).values_list("section__key", "key"))
        if report.pk
        else set()
    )
    facts = all_facts(states)
    names = ledger_names()
    formulation_list = formulations.current()
    found: dict[str, list[SectionFinding]] = {}
    for state in states:
        checked = checked_text(state, facts)
        if not checked.text:
            continue
        seen: dict[str, int] = {}
        for finding in proofread(checked.text, year=report.year, names=names, formulation_list=formulation_list):
            occurrence = seen[finding.key] = seen.get(finding.key, -1) + 1
            if (state.key, finding.key) in dismissed:
                continue
            before, text, after = sentence_around(checked.text, finding.start, finding.end)
            note = unapplicable(checked, finding) if finding.suggestion is not None else ""
            can_apply = finding.suggestion is not None and not note
            found.setdefault(state.key, []).append(
                SectionFinding(finding, before, text, after, can_apply, occurrence, note)
            )
    return found
