"""A small state machine for records that move through statuses (projects, award nominations)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Workflow:
    """Legal transitions between statuses, and the date field each status records when reached."""

    transitions: dict[str, list[str]]
    dates: dict[str, str] = field(default_factory=dict)

    def next_states(self, current: str | None) -> list[str]:
        if current is None:
            return list(self.transitions)
        return self.transitions.get(current, [])

    def allowed_states(self, current: str | None) -> list[str]:
        """What the edit form offers: staying put, or one legal step forward."""
        if current is None:
            return list(self.transitions)
        return [current, *self.next_states(current)]

    def is_allowed(self, current: str | None, new: str) -> bool:
        return new in self.allowed_states(current)

    def stamp(self, instance, new: str, *, on: date | None = None) -> None:
        """Record the date a status was reached, unless the user gave one."""
        field_name = self.dates.get(new)
        if field_name and not getattr(instance, field_name):
            setattr(instance, field_name, on or timezone.localdate())

    def check_dates(self, instance, errors: dict) -> None:
        """A status that records a date needs that date."""
        field_name = self.dates.get(instance.status)
        if field_name and not getattr(instance, field_name):
            label = instance._meta.get_field(field_name).verbose_name
            errors.setdefault(field_name, []).append(f"状态为“{instance.get_status_display()}”时必须填写{label}。")
