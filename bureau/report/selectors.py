"""Reads of the report module that a page needs besides the composed document."""

from bureau.models import Report

from .document import SectionState
from .outline import CARRY_OVER, PART_NAMES


def carry_over_offers(*, report: Report, states: list[SectionState]) -> list[tuple[str, str, str]]:
    """(key, name, text) of last year's staff-written parts that this year's draft has not written yet."""
    written = {state.key for state in states if state.is_edited}
    previous = Report.objects.filter(year=report.year - 1).first()
    if previous is None:
        return []
    sections = previous.sections.filter(key__in=CARRY_OVER, is_edited=True).exclude(key__in=written)
    return [(section.key, PART_NAMES[section.key], section.text) for section in sections]
