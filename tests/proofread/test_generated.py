"""Over the generated text: every builder's output, for the demo ledger and a factory-built one, has no finding."""

import pytest
from django.db import transaction

from bureau.devtools import demo
from bureau.models import Report
from bureau.proofread import proofread
from bureau.report.document import compose, plain_text
from tests.report.prose_ledgers import other_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def drafts(django_db_setup, django_db_blocker):
    """Both ledgers' 2023 drafts as (part key, paragraph) pairs and the whole text, proofread inside the ledger."""
    result = {}
    with django_db_blocker.unblock():
        for name, load in (("demo", demo.demo_ledger_load), ("other", other_ledger)):
            with transaction.atomic():
                load()
                document = compose(Report(year=2023))
                parts = [
                    (part["key"], paragraph)
                    for chapter in document["chapters"]
                    for part in chapter["parts"]
                    for paragraph in part["paragraphs"]
                ]
                result[name] = {
                    "parts": [(key, paragraph, proofread(paragraph, year=2023)) for key, paragraph in parts],
                    "text": proofread(plain_text(document, appendix=False), year=2023),
                }
                transaction.set_rollback(True)
    return result


def describe(findings) -> list[str]:
    return [f"{f.check}: {f.text} → {f.suggestion}（{f.message}）" for f in findings]


@pytest.mark.parametrize("ledger", ["demo", "other"])
def test_every_generated_paragraph_has_no_finding(drafts, ledger):
    parts = drafts[ledger]["parts"]
    assert len(parts) >= 7
    flagged = {paragraph: describe(findings) for _, paragraph, findings in parts if findings}
    assert flagged == {}


@pytest.mark.parametrize("ledger", ["demo", "other"])
def test_the_whole_report_has_no_finding(drafts, ledger):
    assert describe(drafts[ledger]["text"]) == []
