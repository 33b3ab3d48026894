"""Recall and precision against DOMAIN.md's table, on the seed and on the generated report with the table injected.

The figures are printed (`pytest -s`), and held to the issue's bar: every substitution found, at most one false
finding per 1,000 characters. `manage.py proofread_measure --verbose-findings` lists what is missed and false.
"""

from pathlib import Path

import pytest

from bureau.devtools import demo
from bureau.devtools import proofread_measure as measure
from bureau.models import Report
from bureau.report.document import compose, plain_text

from ..report.prose_ledgers import other_ledger

pytestmark = pytest.mark.django_db
SEED = Path(__file__).parent / "data" / "seed_2023.txt"  # copy of ../shared/seed/000_c2352489246e9a66.txt


def show(label, result: measure.Score) -> None:
    print(
        f"\n{label}: {result.characters} characters, recall {result.found}/{result.truth} = {result.recall:.1%}, "
        f"{result.findings} findings ({result.other_errors} other reviewed errors), {len(result.false)} false, "
        f"precision {result.precision:.1%}, {result.false_per_1000:.2f} false per 1,000 characters"
    )


def test_on_the_seed_every_listed_substitution_is_found():
    demo.demo_ledger_load()
    text, result = measure.measure_seed(SEED.read_text(encoding="utf-8"), year=2023)
    show("seed", result)
    assert result.truth == 64
    assert result.missed == []
    assert result.false_per_1000 <= 1, [(f.key, text[f.start - 8 : f.end + 8]) for f in result.false]


@pytest.mark.parametrize("ledger", ["demo", "other"])
def test_on_the_generated_report_with_the_table_injected(ledger):
    demo.demo_ledger_load() if ledger == "demo" else other_ledger()
    correct = plain_text(compose(Report(year=2023)), appendix=False)
    text, result, before = measure.measure_injected(correct, year=2023)
    show(f"generated 2023 report ({ledger}) with the table injected", result)
    assert before == []
    assert result.truth > 20
    assert result.missed == [], [text[s - 8 : e + 8] for s, e in result.missed]
    assert result.false_per_1000 <= 1, [(f.key, text[f.start - 8 : f.end + 8]) for f in result.false]


def test_injection_replaces_every_occurrence_and_marks_its_span():
    text, spans = measure.inject("促进经济社会发展，《甲》获批，80%以上")
    assert text == "促进经济社会开展，?甲?获批，8O以上"
    assert [text[s:e] for s, e in spans] == ["开展", "?甲?", "8O"]
