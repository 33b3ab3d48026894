"""The synthetic ledger: every model's rows pass their own validation, and a seed gives the same ledger."""

import pytest
from django.apps import apps
from django.db import transaction

from bureau.devtools import synthetic
from bureau.validators import validate_credit_code, validate_patent_number

SMALL = {"years": 2, "scale": 1, "patents": 300, "seed": 7, "last_year": 2022}


def ledger_models():
    return [
        model
        for app in ("bureau", "projects", "awards", "patents", "outreach")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.auto_created and not model.__name__.startswith("Historical")
    ]


def fingerprint() -> dict[str, list[tuple]]:
    """Every synthetic row by its content (foreign keys by the related record's text), without ids or timestamps."""
    result = {}
    for model in ledger_models():
        fields = [f for f in model._meta.concrete_fields if f.name not in {"id", "created_at", "updated_at"}]
        rows = []
        for obj in model._default_manager.all():
            rows.append(tuple(str(getattr(obj, f.name)) for f in fields))
        result[model._meta.label] = sorted(rows)
    return result


@pytest.mark.django_db
def test_small_run_passes_full_clean_on_every_model():
    result = synthetic.synthetic_ledger_create(**SMALL)
    written = {label for label, count in result.counts.items() if count}
    for model in ledger_models():
        if model._meta.label not in written:
            continue
        sample = list(model._default_manager.order_by("?")[:25])
        assert sample, model
        for obj in sample:
            obj.full_clean()
    assert result.counts["patents.Patent"] == SMALL["patents"]
    assert result.counts["projects.ProjectApplication"] == 2 * synthetic.BASE_PER_YEAR["projects"]
    assert result.counts["awards.CommendationItem"] == 2 * synthetic.BASE_PER_YEAR["commendation_items"]


@pytest.mark.django_db
def test_identifiers_carry_valid_check_characters():
    synthetic.synthetic_ledger_create(**SMALL)
    Enterprise = apps.get_model("bureau", "Enterprise")
    Patent = apps.get_model("patents", "Patent")
    for code in Enterprise.objects.exclude(credit_code=None).values_list("credit_code", flat=True):
        validate_credit_code(code)
    for number in Patent.objects.values_list("application_number", flat=True):
        validate_patent_number(number)


@pytest.mark.django_db
def test_no_history_rows_are_written():
    synthetic.synthetic_ledger_create(**SMALL)
    Patent = apps.get_model("patents", "Patent")
    assert Patent.objects.count() == SMALL["patents"]
    assert Patent.history.count() == 0


@pytest.mark.django_db
def test_same_seed_same_ledger_other_seed_other_ledger():
    def run(seed: int) -> dict:
        with transaction.atomic():
            synthetic.synthetic_ledger_create(**{**SMALL, "seed": seed})
            prints = fingerprint()
            transaction.set_rollback(True)
        return prints

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first["patents.Patent"] != other["patents.Patent"]


@pytest.mark.django_db
def test_refuses_years_that_already_have_data():
    synthetic.synthetic_ledger_create(**SMALL)
    with pytest.raises(RuntimeError):
        synthetic.synthetic_ledger_create(**SMALL)
