"""Base form of every record type: date pickers, the version for optimistic locking, status workflows."""

import json
from types import SimpleNamespace

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.dateformat import format as date_format

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
      legal states; the date the chosen state records is required, suggested
      (`Workflow.default_date`, prefilled by workflow.js or offered after a
      refused save) and named in the save message, never stamped behind the
      clerk's back.
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
        self.initial_status = self.instance.status if self.instance.pk and self.workflow else None
        self._limit_status_choices()
        self._require_step_dates()

    @property
    def workflow(self):
        return getattr(self._meta.model, "WORKFLOW", None)

    def _limit_status_choices(self) -> None:
        if not self.workflow or "status" not in self.fields:
            return
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

    def _chosen_status(self) -> str | None:
        """The status the form is about: the one posted, else the record's (or the model's default)."""
        if self.is_bound:
            return self.data.get(self.add_prefix("status"))
        return self.initial.get("status") or self.instance.status

    def _require_step_dates(self) -> None:
        """The date of the chosen status is required; every step's date says which statuses need it.

        The status select carries the steps for workflow.js, which marks the chosen step's date
        required and prefills it as `Workflow.default_date` does.
        """
        if not self.workflow or "status" not in self.fields:
            return
        model, workflow = self._meta.model, self.workflow
        allowed = [value for value, _ in self.fields["status"].choices if value]
        steps = {}
        for status in allowed:
            name = workflow.dates.get(status)
            if name not in self.fields:
                continue
            steps[status] = {
                "field": self[name].auto_id,
                "label": workflow.date_label(model, status),
                "after": [self[n].auto_id for n in workflow.earlier_fields(status) if n in self.fields],
            }
        for name in {workflow.dates[status] for status in steps}:
            if not self.fields[name].help_text:
                self.fields[name].help_text = workflow.needed_by(model, name, statuses=allowed)
        chosen = self._chosen_status()
        if chosen in steps:
            field = self.fields[workflow.dates[chosen]]
            field.required = True
            field.error_messages = {**field.error_messages, "required": workflow.missing_date_message(model, chosen)}
        year_field = workflow.year_field if workflow.year_field in self.fields else None
        self.fields["status"].widget.attrs["data-workflow"] = json.dumps(
            {
                "today": timezone.localdate().isoformat(),
                "year": self[year_field].auto_id if year_field else None,
                "steps": steps,
            },
            ensure_ascii=False,
        )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if self.workflow and status:
            if not self.workflow.is_allowed(self.initial_status, status):
                self.add_error("status", "不能从当前状态直接变更为该状态。")
            else:
                self._suggest_step_date(status, cleaned)
        return cleaned

    def _suggest_step_date(self, status: str, cleaned: dict) -> None:
        """A refused save without the step's date comes back with the suggested date filled in, to check."""
        name = self.workflow.dates.get(status)
        if name not in self.fields or name not in self.errors or self.data.get(self.add_prefix(name)):
            return  # only a date left empty: a mistyped one stays as typed, with its own error
        values = {n: cleaned.get(n, getattr(self.instance, n)) for n in self.workflow.earlier_fields(status)}
        year_field = self.workflow.year_field
        values[year_field] = cleaned.get(year_field, getattr(self.instance, year_field, None))
        suggested = self.workflow.default_date(SimpleNamespace(**values), status, today=timezone.localdate())
        if suggested is None:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = suggested.isoformat()
        self.add_error(name, f"已填入建议日期{date_format(suggested, 'Y年n月j日')}，请核对或改为实际日期后再保存。")

    def _post_clean(self):
        super()._post_clean()
        # The model's rules repeat what the form already said (“状态为…时必须填写…”): say it once.
        for errors in self._errors.values():
            seen, kept = set(), []
            for item, text in zip(errors.data, errors, strict=True):
                if text not in seen:
                    seen.add(text)
                    kept.append(item)
            errors.data[:] = kept

    def saved_note(self) -> str:
        """What the save message adds: the date of the status reached, or of the current one when corrected.

        “立项日期：2023年6月1日”, so that a clerk sees which date the record now counts under.
        """
        if not self.workflow or not hasattr(self, "cleaned_data"):
            return ""
        status = self.cleaned_data.get("status")
        name = self.workflow.dates.get(status)
        value = self.cleaned_data.get(name) if name in self.fields else None
        if not value or (status == self.initial_status and name not in self.changed_data):
            return ""
        return f"{self.workflow.date_label(self._meta.model, status)}：{date_format(value, 'Y年n月j日')}"

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
