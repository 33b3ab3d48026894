"""Base form of every record type: date pickers, the version for optimistic locking, status workflows."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH

from bureau.formfields import GUARDED
from bureau.pickers.widgets import EMPTY_LABEL, picker_widget

# Django's empty choice, "---------": shown as 请选择.
BLANK_LABEL = BLANK_CHOICE_DASH[0][1]


class LedgerForm(forms.ModelForm):
    """A ModelForm with the ledger's conventions.

    - dates use the browser's date picker;
    - a hidden `version` carries the version the user opened, so the save
      service can refuse a stale edit;
    - a model with a `WORKFLOW` only offers the current status and its next
      legal states, and reaching a state stamps the date that state records.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)
            if type(field) in GUARDED:
                field.__class__ = GUARDED[type(field)]  # an id too large for the database is a form error
            if isinstance(field, forms.ModelChoiceField) and type(field.widget) in (forms.Select, forms.SelectMultiple):
                if field.empty_label == BLANK_LABEL:
                    field.empty_label = EMPTY_LABEL
                field.widget = picker_widget(field, limit_field=model_field(self._meta.model, name)) or field.widget
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [
                    (value, EMPTY_LABEL if label == BLANK_LABEL else label) for value, label in field.choices
                ]
        self._limit_status_choices()

    @property
    def workflow(self):
        return getattr(self._meta.model, "WORKFLOW", None)

    def _limit_status_choices(self) -> None:
        if not self.workflow or "status" not in self.fields:
            return
        self.initial_status = self.instance.status if self.instance.pk else None
        allowed = self.workflow.allowed_states(self.initial_status)
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in field.choices if value in allowed]
        if self.initial_status is not None:
            # A posted jump past the workflow fails the choice check: say why, not just "invalid choice".
            current = self.instance.get_status_display()
            options = "、".join(label for value, label in field.choices if value)
            field.error_messages = {
                **field.error_messages,
                "invalid_choice": f"不能从“{current}”直接变更为该状态，可选：{options}。",
            }

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if self.workflow and status:
            if not self.workflow.is_allowed(getattr(self, "initial_status", None), status):
                self.add_error("status", "不能从当前状态直接变更为该状态。")
            elif status != getattr(self, "initial_status", None):
                field_name = self.workflow.dates.get(status)
                if field_name and not cleaned.get(field_name):
                    self.workflow.stamp(self.instance, status)
                    cleaned[field_name] = getattr(self.instance, field_name)
        return cleaned

    def m2m_data(self) -> dict:
        """Cleaned many-to-many values, saved by the service after the record itself."""
        return {
            field.name: self.cleaned_data[field.name]
            for field in self._meta.model._meta.many_to_many
            if field.name in self.cleaned_data
        }


def is_money(field: models.Field) -> bool:
    return isinstance(field, models.DecimalField)


def model_field(model, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
