"""The demo: users for each role and the 2023 ledger transcribed from the seed document."""

import datetime
import json
import os
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from bureau.accounts.services import password_change_require
from bureau.roles import ADMIN, LEADER, STAFF
from bureau.services import record_save
from bureau.text import normalize_name

# Each with a person's 姓名: pages name people “张三（录入员）”, and “录入员（录入员）” would say the role twice.
DEMO_USERS = (("admin", ADMIN, "王明"), ("staff", STAFF, "张三"), ("leader", LEADER, "李华"))


@transaction.atomic
def demo_users_create(*, password: str | None = None) -> str | None:
    """Create admin, staff and leader if missing. Returns the password when it was generated here."""
    User = get_user_model()
    generated = None
    if password is None:
        password = os.environ.get("LEDGER_DEMO_PASSWORD")
    if not password:
        password = generated = secrets.token_urlsafe(9)
    created_any = False
    for username, role, label in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=label,
            is_staff=(role == ADMIN),
            is_superuser=(role == ADMIN),
        )
        user.groups.add(Group.objects.get(name=role))
        if generated:
            # A password printed on a console is an initial password: changed at first login.
            password_change_require(user=user)
        created_any = True
    return generated if created_any else None


DEMO_FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_REASON = "载入演示台账"


class DemoFixtureError(Exception):
    """A demo fixture names a record that does not exist, or is malformed."""


def related_record(model: type[models.Model], value) -> models.Model:
    """The record a fixture names by its business key: a unit by name or short name, a week by year, a list by name."""
    manager = model._default_manager
    label = model._meta.verbose_name
    if model._meta.label == "bureau.Enterprise":
        name = normalize_name(value)
        found = list(manager.filter(name=name)) or list(manager.filter(short_name=name))
    elif model._meta.label == "outreach.ScienceWeek":
        found = list(manager.filter(year=int(value)))
    else:
        found = list(manager.filter(name=normalize_name(value)))
    if len(found) != 1:
        raise DemoFixtureError(f"演示数据引用的{label}“{value}”{'不存在' if not found else '不唯一'}。")
    return found[0]


def differs(instance: models.Model, values: dict, m2m: dict) -> bool:
    """Whether saving `values` and `m2m` would change the stored record."""
    for name, value in values.items():
        field = instance._meta.get_field(name)
        wanted = value.pk if isinstance(value, models.Model) else value
        if getattr(instance, field.attname) != wanted:
            return True
    return any(
        {obj.pk for obj in getattr(instance, name).all()} != {obj.pk for obj in objs} for name, objs in m2m.items()
    )


class DemoLoader:
    """Loads fixture files of the form {"model", "key", "records", optional "children"}.

    Relations are written as business keys (names, short names, years) and resolved here;
    `key` names the fields that identify a record, so an existing one is updated, not duplicated.
    """

    def __init__(self) -> None:
        # Units and list entries are named many times across files; resolve each name once.
        self._related: dict[tuple[str, object], models.Model] = {}
        self.written = 0

    def related(self, model: type[models.Model], value) -> models.Model:
        cache_key = (model._meta.label, value)
        if cache_key not in self._related:
            self._related[cache_key] = related_record(model, value)
        return self._related[cache_key]

    def values(self, model: type[models.Model], data: dict) -> tuple[dict, dict]:
        """Field values (relations resolved, text normalised as the model would) and many-to-many sets."""
        values, m2m = {}, {}
        for name, raw in data.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                m2m[name] = {self.related(field.related_model, item) for item in raw}
            elif field.is_relation:
                values[name] = None if raw is None else self.related(field.related_model, raw)
            else:
                values[name] = field.to_python(raw)
        return values, m2m

    def upsert(self, model: type[models.Model], key: list[str], data: dict, *, fixed: dict | None = None):
        """Create or update the record its key names, through record_save; write only when something differs.

        `fixed` holds values already resolved (a nested row's parent).
        """
        values, m2m = self.values(model, data)
        values.update(fixed or {})
        missing = [name for name in key if name not in values]
        if missing:
            raise DemoFixtureError(f"{model._meta.label} 的演示记录缺少键字段：{missing}。")
        instance = model._default_manager.filter(**{name: values[name] for name in key}).first()
        if instance is not None and not differs(instance, values, m2m):
            return instance
        if instance is None:
            instance = model(**values)
        else:
            for name, value in values.items():
                setattr(instance, name, value)
        record_save(
            instance=instance, user=None, m2m={name: list(objs) for name, objs in m2m.items()}, reason=DEMO_REASON
        )
        self.written += 1
        return instance

    def load_file(self, path: Path) -> None:
        """One record type per file; child rows (a meeting's items, a record's figures) nested under their parent."""
        spec = json.loads(path.read_text(encoding="utf-8"))
        model = apps.get_model(spec["model"])
        children = spec.get("children", {})
        for data in spec["records"]:
            nested = {name: data.pop(name, []) for name in children}
            parent = self.upsert(model, spec["key"], data)
            for name, child in children.items():
                child_model = apps.get_model(child["model"])
                child_key = [child["parent"], *child["key"]]
                for row in nested[name]:
                    self.upsert(child_model, child_key, row, fixed={child["parent"]: parent})


@transaction.atomic
def demo_ledger_load(*, directory: Path | None = None) -> int:
    """Load the 2023 demo ledger from fixtures/demo/ (files in name order); returns how many records were written.

    Every record goes through record_save, so it is validated and gets a history row.
    Records are matched by business key, so a second run writes nothing.
    """
    loader = DemoLoader()
    for path in sorted((directory or DEMO_FIXTURES_DIR).glob("*.json")):
        loader.load_file(path)
    demo_report_options_load()
    demo_report_narratives_load()
    return loader.written


def demo_report_options_load() -> None:
    """The report settings of the demo year (the seed counts patents 截至10月份), unless staff changed them."""
    from bureau.report.services import report_draft, report_options_save

    data = json.loads((DEMO_FIXTURES_DIR.parent / "demo_report.json").read_text(encoding="utf-8"))
    for options in data["reports"]:
        report = report_draft(year=options["year"])
        if report.patents_until is None:
            report_options_save(report=report, patents_until=datetime.date.fromisoformat(options["patents_until"]))


def demo_report_narratives_load() -> int:
    """The staff-written parts of the demo year's report (二、问题和不足, 工作思路 …), saved as staff edits.

    A section that already has a stored edit (or was reset by staff) is left alone, and an issued
    (locked) report is not touched, so a second run writes nothing. Returns how many sections were saved.
    """
    from bureau.report.services import report_draft, report_section_save

    data = json.loads((DEMO_FIXTURES_DIR.parent / "demo_narratives.json").read_text(encoding="utf-8"))
    saved = 0
    for entry in data["reports"]:
        report = report_draft(year=entry["year"])
        if report.is_locked:
            continue
        existing = set(report.sections.values_list("key", flat=True))
        for key, paragraphs in entry["sections"].items():
            if key in existing:
                continue
            report_section_save(report=report, key=key, text="\n".join(paragraphs), omit_when_empty=False, user=None)
            saved += 1
    return saved
