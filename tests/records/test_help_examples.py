"""Examples shown to a clerk (help texts, messages) are values the ledger itself accepts."""

import re

from bureau.validators import validate_patent_number
from patents.models import Patent


def test_the_application_number_example_passes_its_own_validator():
    help_text = str(Patent._meta.get_field("application_number").help_text)
    example = re.search(r"\d{12}\.[\dX]", help_text).group(0)
    validate_patent_number(example)
