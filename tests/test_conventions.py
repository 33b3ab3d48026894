"""Convention tests: a registered record type that lacks one of its parts fails here."""

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse

from bureau.models import LedgerRecord
from bureau.registry import registry
from tests.views.record_data import RECORD_DATA

LEDGER_APPS = ("bureau", "projects", "awards", "patents", "outreach")


@pytest.mark.parametrize("record_type", list(registry), ids=lambda rt: rt.model_name)
def test_record_type_has_every_part(record_type):
    name = record_type.model.__name__
    for part, suffix in (("form", "Form"), ("filterset", "FilterSet"), ("table", "Table"), ("resource", "Resource")):
        found = record_type.part(part)
        assert found is not None, f"{name} has no {name}{suffix}"
        assert found.__name__ == f"{name}{suffix}"
    assert f"{record_type.app_label}.{record_type.model_name}" in RECORD_DATA, f"{name} has no test data"
    for action in record_type.actions:
        try:
            reverse(record_type.url_name(action), args=[] if action in ("list", "add") else [1])
        except NoReverseMatch:
            pytest.fail(f"{name} lacks its {action} URL")


def test_every_ledger_model_is_registered():
    ledger_models = [
        model for model in apps.get_models() if model._meta.app_label in LEDGER_APPS and issubclass(model, LedgerRecord)
    ]
    missing = [model.__name__ for model in ledger_models if registry.get(model) is None]
    assert not missing, f"not registered: {missing}"


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in LEDGER_APPS], ids=lambda m: m.__name__
)
def test_models_and_fields_have_chinese_names_and_docstrings(model):
    def is_chinese(text) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))

    if model.__name__.startswith("Historical"):
        return
    assert model.__doc__ and not model.__doc__.startswith(model.__name__ + "("), f"{model.__name__} has no docstring"
    assert is_chinese(model._meta.verbose_name), model.__name__
    for field in model._meta.get_fields():
        if field.auto_created or not (field.concrete or field.many_to_many) or field.name == "id":
            continue
        assert is_chinese(field.verbose_name), f"{model.__name__}.{field.name}"
