"""`proofread`: mask the ledger's exact names, run every check, keep one finding per mistake, in text order."""

from collections.abc import Iterable
from functools import lru_cache

import ahocorasick

from . import confusable, formulations, near_names, numbers, punctuation, repetition
from .findings import Document, Finding
from .names import ledger_names

# A repetition or a near-name that a confusable word explains is the same mistake, reported once (the first
# check's finding stays: checks run in the order of `proofread`).
YIELDS_TO = {("repetition", "confusable"), ("name", "confusable"), ("repetition", "number"), ("name", "formulation")}
# Shorter names are ordinary words too often: they are not masked.
MIN_MASKED_NAME = 3


@lru_cache(maxsize=4)
def _names_automaton(names: tuple[str, ...]) -> ahocorasick.Automaton | None:
    """Built once per list of names (bench row "proofread 10,000 characters": 40 ms for the synthetic ledger's)."""
    automaton = ahocorasick.Automaton()
    for name in names:
        if len(name) >= MIN_MASKED_NAME:
            automaton.add_word(name, len(name))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def name_spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of exact ledger names in the text; overlapping names make one span."""
    automaton = _names_automaton(names)
    if automaton is None:
        return []
    found = ((last - length + 1, last + 1) for last, length in automaton.iter(text))
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def proofread(
    text: str,
    *,
    year: int | None = None,
    names: Iterable[str] | None = None,
    formulation_list: list[formulations.Entry] | None = None,
) -> list[Finding]:
    """Every finding of the six checks in `text`, in text order.

    `year` is the year the text is written for (提法 outside their years are flagged only when it is given);
    `names` the ledger's names, by default those of the registered names providers; `formulation_list` the
    提法 list, by default read now (a caller proofreading many texts reads both once).
    """
    names = tuple(ledger_names() if names is None else names)
    document = Document(text, year=year, masks=name_spans(text, names))
    findings = [
        *confusable.check(document),
        *numbers.check(document),
        *(
            formulations.check(document, formulations.current() if formulation_list is None else formulation_list)
            if year is not None
            else ()
        ),
        *near_names.check(document, names),
        *punctuation.check(document),
        *repetition.check(document),
    ]
    kept: list[Finding] = []
    # Only the few findings other checks yield to are compared with the later ones.
    yielded_to = {first for _, first in YIELDS_TO}
    yielding = {second for second, _ in YIELDS_TO}
    blockers: list[Finding] = []
    for found in findings:
        if found.check != "name" and document.masked(found.start, found.end):
            continue
        if found.check in yielding and any(
            (found.check, other.check) in YIELDS_TO and _overlaps(found, other) for other in blockers
        ):
            continue
        kept.append(found)
        if found.check in yielded_to:
            blockers.append(found)
    return sorted(kept, key=lambda f: (f.start, f.end, f.check))
