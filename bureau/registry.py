"""The record-type registry: one registration gives a model every page, URL, menu entry and shared test.

A record type is a model plus four parts found by naming convention in its app:
`<app>.forms.<Model>Form`, `<app>.filtersets.<Model>FilterSet`,
`<app>.tables.<Model>Table` and `<app>.resources.<Model>Resource`.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import models
from django.urls import reverse

ACTIONS = ("list", "add", "detail", "edit", "delete", "history")
PARTS = {
    "form": ("forms", "Form"),
    "filterset": ("filtersets", "FilterSet"),
    "table": ("tables", "Table"),
    "resource": ("resources", "Resource"),
}


@dataclass(frozen=True)
class Related:
    """A related list on a detail page: a reverse accessor, and its title where the model's name is not enough."""

    accessor: str
    title: str = ""


@dataclass
class RecordType:
    """Everything the generic views need to serve one model."""

    model: type[models.Model]
    search_fields: tuple[str, ...] = ()
    # Menu grouping: record types of one app share a group; lists go under 基础数据.
    group: str | None = None
    is_list: bool = False
    # A single-row record type (the bureau's profile) is edited, never added or deleted.
    singleton: bool = False
    # The row a single-row record type always has: its menu entry opens that record, not a list of one row.
    singleton_pk: int | None = None
    icon: str = ""
    # Name of a parent foreign key, for child records added from the parent's page.
    parent_field: str | None = None
    # Related lists on the detail page, in order: reverse accessors or `Related`s. An app adds the lists of
    # its records to another app's record type with `registry.add_related` (the shared layer names none).
    related: tuple[str | Related, ...] = ()
    # Pickers (type-ahead selects of this type on other forms, `bureau.pickers`): the fields the
    # type-ahead searches (default: search_fields), its order (default: the model's), the field that
    # is the record's name (read without building models; editable lists: name), and whether a
    # picker offers 新增 in a dialog.
    picker_fields: tuple[str, ...] = ()
    picker_order: tuple[str, ...] = ()
    label_field: str | None = None
    add_from_picker: bool = False
    _parts: dict = field(default_factory=dict, repr=False)

    @property
    def related_lists(self) -> list[Related]:
        return [entry if isinstance(entry, Related) else Related(entry) for entry in self.related]

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def menu_group(self) -> str:
        if self.group:
            return self.group
        return "基础数据" if self.is_list else str(apps.get_app_config(self.app_label).verbose_name)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(a for a in ACTIONS if not (self.singleton and a in ("add", "delete")))

    @property
    def picker_search_fields(self) -> tuple[str, ...]:
        return self.picker_fields or self.search_fields

    @property
    def picker_label_field(self) -> str | None:
        from bureau.models import EditableList

        return self.label_field or ("name" if issubclass(self.model, EditableList) else None)

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}_{action}"

    def menu_url(self) -> str:
        if self.singleton_pk is not None:
            return reverse(self.url_name("detail"), args=[self.singleton_pk])
        return reverse(self.url_name("list"))

    def permission(self, action: str) -> str:
        codename = {
            "list": "view",
            "detail": "view",
            "history": "view",
            "choices": "view",
            "add": "add",
            "edit": "change",
            "delete": "delete",
        }[action]
        return f"{self.app_label}.{codename}_{self.model_name}"

    def part(self, name: str):
        """The form, filterset, table or resource class named by convention; None if the app lacks it."""
        if name not in self._parts:
            module_name, suffix = PARTS[name]
            try:
                module = import_module(f"{self.model.__module__.split('.')[0]}.{module_name}")
            except ModuleNotFoundError:
                module = None
            self._parts[name] = getattr(module, f"{self.model.__name__}{suffix}", None)
        return self._parts[name]

    @property
    def form(self):
        return self.part("form")

    @property
    def filterset(self):
        return self.part("filterset")

    @property
    def table(self):
        return self.part("table")

    @property
    def resource(self):
        return self.part("resource")


class Registry:
    """All registered record types, in registration order."""

    def __init__(self) -> None:
        self._types: dict[type[models.Model], RecordType] = {}

    def register(self, model: type[models.Model], **options) -> RecordType:
        record_type = RecordType(model=model, **options)
        self._types[model] = record_type
        return record_type

    def add_related(self, model: type[models.Model], *entries: str | Related) -> None:
        """Show the records of the calling app on `model`'s detail page (e.g. a unit's patents)."""
        record_type = self._types[model]
        record_type.related = (*record_type.related, *entries)

    def __iter__(self):
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def get(self, model: type[models.Model] | models.Model) -> RecordType | None:
        if isinstance(model, models.Model):
            model = type(model)
        return self._types.get(model)

    def for_app(self, app_label: str) -> list[RecordType]:
        return [rt for rt in self if rt.app_label == app_label]

    def by_label(self, label: str) -> RecordType:
        """`app_label.model_name` → record type."""
        return self.get(apps.get_model(label))

    def menu(self) -> list[tuple[str, list[RecordType]]]:
        groups: dict[str, list[RecordType]] = {}
        for record_type in self:
            groups.setdefault(record_type.menu_group, []).append(record_type)
        # Lists last: clerks work in records, admins visit the lists now and then.
        return sorted(groups.items(), key=lambda item: item[0] == "基础数据")


registry = Registry()


def register(**options):
    """Class decorator: `@register(search_fields=("name",))` on a model."""

    def decorator(model):
        registry.register(model, **options)
        return model

    return decorator
