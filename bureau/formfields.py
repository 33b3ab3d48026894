"""Form fields that fail as form errors, never as database errors, whatever arrives in a request."""

from django import forms

from bureau.text import clean_text

BIGINT_LIMIT = 2**63


def fits_bigint(value) -> bool:
    """A primary key the database can compare: a huge number would raise in the driver (a 500)."""
    try:
        return -BIGINT_LIMIT <= int(str(value)) < BIGINT_LIMIT
    except ValueError:
        return True  # not a number: the field's own validation rejects it


class GuardedChoiceMixin:
    """Model choice fields that reject an out-of-range id as an invalid choice instead of failing in SQL."""

    def to_python(self, value):
        if value not in self.empty_values and not fits_bigint(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def _check_values(self, value):
        if any(not fits_bigint(item) for item in value or ()):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            )
        return super()._check_values(value)


class GuardedModelChoiceField(GuardedChoiceMixin, forms.ModelChoiceField):
    pass


class GuardedModelMultipleChoiceField(GuardedChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class CleanTextField(forms.CharField):
    """Text with the model's own cleaning (`clean_text`) applied first, so the length check counts what is stored."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value


GUARDED = {
    forms.CharField: CleanTextField,
    forms.ModelChoiceField: GuardedModelChoiceField,
    forms.ModelMultipleChoiceField: GuardedModelMultipleChoiceField,
}
