"""A small state machine for records that move through statuses (projects, award nominations).

A status that records a date needs that date from the clerk: nothing is stamped on save.
The edit form shows the date of the status chosen, required and prefilled with `default_date`,
and the save message names it; imports refuse a status without its date (the model's `clean`).
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Workflow:
    """Legal transitions between statuses, and the date field each status records when reached.

    `date_labels` names a step's date where one field serves two steps (立项日期 / 未立项日期 share
    `decided_on`); `year_field` is the record's 年度, which a suggested date falls in.
    """

    transitions: dict[str, list[str]]
    dates: dict[str, str] = field(default_factory=dict)
    date_labels: dict[str, str] = field(default_factory=dict)
    year_field: str = "year"

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

    def date_label(self, model, status: str) -> str:
        """How the date of reaching `status` is named: “立项日期”, else the field's verbose name."""
        if status in self.date_labels:
            return self.date_labels[status]
        return str(model._meta.get_field(self.dates[status]).verbose_name)

    def status_label(self, model, status: str) -> str:
        return str(dict(model._meta.get_field("status").choices).get(status, status))

    def missing_date_message(self, model, status: str) -> str:
        return f"状态为“{self.status_label(model, status)}”时必须填写{self.date_label(model, status)}。"

    def needed_by(self, model, field_name: str, *, statuses=None) -> str:
        """“状态为“已立项”或“未立项”时必填” for a step's date field ('' for another field).

        `statuses` limits it to those a form offers.
        """
        labels = [
            f"“{self.status_label(model, status)}”"
            for status, name in self.dates.items()
            if name == field_name and (statuses is None or status in statuses)
        ]
        return f"状态为{'或'.join(labels)}时必填" if labels else ""

    def earlier_fields(self, status: str) -> list[str]:
        """The date fields of the steps before `status`, in the order the steps are declared."""
        fields = list(dict.fromkeys(self.dates.values()))
        own = self.dates.get(status)
        return fields[: fields.index(own)] if own in fields else []

    def default_date(self, instance, status: str, *, today: datetime.date) -> datetime.date | None:
        """The date the form suggests for reaching `status`, or None where no good guess exists.

        A record of the current year: today. A record of a past year: the last day of its year,
        so that entering last year's work later keeps it in last year's figures. Never before a
        date the record already gives for an earlier step (a 2023 project decided in 2024 starts
        in 2024 at the soonest). A future year's record gets no suggestion.
        `workflow.js` follows the same rule while the clerk edits the form.
        """
        year = getattr(instance, self.year_field, None)
        if status not in self.dates or not year or year > today.year:
            return None
        suggested = today if year == today.year else datetime.date(year, 12, 31)
        earlier = [getattr(instance, name) for name in self.earlier_fields(status)]
        earlier = [value for value in earlier if value]
        if earlier and max(earlier) > suggested:
            suggested = max(earlier)
        return suggested

    def check_dates(self, instance, errors: dict) -> None:
        """A status that records a date needs that date."""
        field_name = self.dates.get(instance.status)
        if field_name and not getattr(instance, field_name):
            errors.setdefault(field_name, []).append(self.missing_date_message(type(instance), instance.status))

    def path(self, entries) -> list[dict]:
        """The statuses a record went through, oldest first, from its history entries (oldest first).

        Each step: the status label, the date the record gives for reaching it now (a date
        corrected after the step was saved shows corrected), and when and by whom the step was saved.
        """
        entries = list(entries)
        latest = entries[-1] if entries else None
        steps: list[dict] = []
        for entry in entries:
            if entry.history_type == "-" or (steps and steps[-1]["status"] == entry.status):
                continue
            field_name = self.dates.get(entry.status)
            steps.append(
                {
                    "status": entry.status,
                    "label": entry.get_status_display(),
                    "date": getattr(latest, field_name) if field_name else None,
                    "saved_at": entry.history_date,
                    "user": entry.history_user,
                }
            )
        return steps
