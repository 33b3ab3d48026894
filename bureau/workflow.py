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

    def path(self, entries) -> list[dict]:
        """The statuses a record went through, oldest first, from its history entries (oldest first).

        Each step: the status label, the date the record gives for reaching it,
        and when and by whom the change was saved.
        """
        steps: list[dict] = []
        for entry in entries:
            if entry.history_type == "-" or (steps and steps[-1]["status"] == entry.status):
                continue
            field_name = self.dates.get(entry.status)
            steps.append(
                {
                    "status": entry.status,
                    "label": entry.get_status_display(),
                    "date": getattr(entry, field_name) if field_name else None,
                    "saved_at": entry.history_date,
                    "user": entry.history_user,
                }
            )
        return steps
