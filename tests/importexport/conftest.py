"""Every test starts without kept preview analyses (they live in the process)."""

import pytest

from bureau.importexport.services import kept_plans


@pytest.fixture(autouse=True)
def _no_kept_previews():
    kept_plans.clear()
    yield
    kept_plans.clear()
