"""Every test starts without kept preview analyses (they live in the process-wide cache)."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _no_kept_previews():
    caches["default"].clear()
    yield
    caches["default"].clear()
