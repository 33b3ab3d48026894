"""Property: any valid ledger of several years, exported year by year and imported year after year into a
new installation, comes back the same, field by field and link by link (compared by business keys).

Each example builds its ledger inside a savepoint that is rolled back afterwards, so every
example starts from the freshly migrated database; this works alike on SQLite and PostgreSQL.
"""

import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bureau.importexport import services
from bureau.models import Enterprise

from .ledgers import LedgerBuilder
from .roundtrip import empty_migrated_ledger, ledger_snapshot, snapshot_differences

pytestmark = pytest.mark.django_db


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same examples in every run and on every machine
    database=None,
    # No shrinking: a failing ledger is printed draw by draw, and shrinking one takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_ledger_survives_export_and_import_into_a_new_installation(data):
    with transaction.atomic():
        builder = LedgerBuilder(data.draw)
        builder.build()
        expected = ledger_snapshot()
        assert Enterprise.objects.exists()
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for year in builder.years:
                paths.append(Path(folder) / f"{year}.xlsx")
                services.export_ledger(year=year, output=paths[-1])
            empty_migrated_ledger()
            assert not Enterprise.objects.exists()
            for path in paths:
                report = services.import_ledger(path=path, user=None, commit=True)
                assert report.committed, "\n".join(report.lines())
            # Imported once more, year after year, the workbooks change nothing: what the preview
            # compares (cells against records) agrees with what was written.
            for path in paths:
                report = services.import_ledger(path=path, user=None, commit=False)
                unchanged = not any(sheet.counts["new"] or sheet.counts["changed"] for sheet in report.sheets)
                assert report.ok and unchanged, "\n".join(report.lines())
        differences = snapshot_differences(ledger_snapshot(), expected)
        assert not differences, "\n".join(differences)
        transaction.set_rollback(True)
