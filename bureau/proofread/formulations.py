"""Check 6: outdated formulations (提法), from the 提法 list admins keep (`Formulation`)."""

from dataclasses import dataclass

import ahocorasick

from .findings import Document, Finding


@dataclass(frozen=True)
class Entry:
    text: str
    valid_from_year: int | None
    valid_to_year: int | None
    replacement: str
    note: str

    def current_in(self, year: int) -> bool:
        return (self.valid_from_year is None or self.valid_from_year <= year) and (
            self.valid_to_year is None or year <= self.valid_to_year
        )

    @property
    def years(self) -> str:
        if self.valid_to_year is None:
            return f"{self.valid_from_year}年起"
        if self.valid_from_year is None:
            return f"{self.valid_to_year}年及以前"
        return f"{self.valid_from_year}—{self.valid_to_year}年"


def _quoted(text: str) -> str:
    return text if text.startswith("“") and text.endswith("”") else f"“{text}”"


def current() -> list[Entry]:
    """The 提法 list as it is in the database now (one query)."""
    from bureau.models import Formulation

    fields = ("text", "valid_from_year", "valid_to_year", "replacement", "note")
    return [Entry(*row) for row in Formulation.objects.filter(is_active=True).values_list(*fields)]


def check(document: Document, entries: list[Entry]) -> list[Finding]:
    year = document.year
    outdated = [entry for entry in entries if entry.text and not entry.current_in(year)]
    if not outdated:
        return []
    automaton = ahocorasick.Automaton()
    for entry in outdated:
        automaton.add_word(entry.text, entry)
    automaton.make_automaton()
    found = []
    for last, entry in automaton.iter(document.text):
        start = last - len(entry.text) + 1
        message = f"{_quoted(entry.text)}是{entry.years}的提法，不适用于{year}年"
        if entry.replacement:
            message += f"，可改为{_quoted(entry.replacement)}"
        if entry.note:
            message += f"（{entry.note}）"
        suggestion = entry.replacement or None
        found.append(document.finding("formulation", entry.text, start, last + 1, message, suggestion))
    return found
