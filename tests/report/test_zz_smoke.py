import pytest
from bureau.models import Report
from bureau.report.document import compose, plain_text
from tests.selectors.records import small_ledger

@pytest.mark.django_db
def test_smoke():
    small_ledger()
    print(plain_text(compose(Report(year=2023))))
