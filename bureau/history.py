"""Many-to-many values in a record's history: which fields it keeps, what a history row holds, writing them.

A record type opts in with `_history_m2m_fields = ["participants"]` (simple-history's m2m tracking,
read by the HistoricalRecords every LedgerRecord inherits). simple-history then copies the links
into each history row the record's own save writes; the helpers here cover what it does not:
links set after that save (one save stays one history row) and the links of a deletion (Django
removes them before the deletion's history row is written).
"""

from django.db import models

from bureau.deletion import record_label


def tracked_m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The many-to-many fields whose values the model's history keeps (none for most record types)."""
    history = getattr(model, "history", None)
    return list(getattr(history.model, "_history_m2m_fields", ())) if history is not None else []


def _history_m2m_model(model: type[models.Model], field: models.ManyToManyField) -> type[models.Model]:
    """The table where the history rows of `model` keep the links of `field`."""
    return getattr(model.history.model, field.name).model


def link_rows(instance: models.Model, fields: list[models.ManyToManyField]) -> dict[str, list[dict]]:
    """The record's current links (rows of each field's through table), to keep in a history row."""
    rows = {}
    for field in fields:
        through = field.remote_field.through
        names = [f.attname for f in through._meta.concrete_fields]
        rows[field.name] = list(
            through._default_manager.filter(**{f"{field.m2m_field_name()}_id": instance.pk}).values(*names)
        )
    return rows


def history_links_write(history_row: models.Model, rows: dict[str, list[dict]]) -> None:
    """Make a history row hold exactly `rows` (from `link_rows`) for each of their fields."""
    for field in tracked_m2m_fields(history_row.instance_type):
        if field.name not in rows:
            continue
        model = _history_m2m_model(history_row.instance_type, field)
        model._default_manager.filter(history=history_row).delete()
        model._default_manager.bulk_create(model(history=history_row, **row) for row in rows[field.name])


def last_history_row(model: type[models.Model], pk) -> models.Model | None:
    """The record's newest history row: the one its latest save or deletion wrote."""
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()


def deleted_label(model: type[models.Model], pk) -> str:
    """“（已删除：名称）” for a related record that is gone, named by its last history row."""
    row = last_history_row(model, pk) if hasattr(model, "history") else None
    return f"（已删除：{record_label(row.instance) if row is not None else f'编号{pk}'}）"


def m2m_save(*, instance: models.Model, values: dict) -> None:
    """Set many-to-many values after the record's save; the history row that save wrote gets them.

    simple-history would write one more history row for every add, remove or clear; those are
    suppressed, so an edit of the record and its links is one history row with one version.
    """
    flag_set_here = not hasattr(instance, "skip_history_when_saving")
    if flag_set_here:
        instance.skip_history_when_saving = True
    try:
        for name, related in values.items():
            getattr(instance, name).set(related)
    finally:
        if flag_set_here:
            del instance.skip_history_when_saving
    fields = [field for field in tracked_m2m_fields(type(instance)) if field.name in values]
    row = last_history_row(type(instance), instance.pk) if fields else None
    if row is not None:
        history_links_write(row, link_rows(instance, fields))


def history_m2m_values(history_row: models.Model) -> dict[str, list[int]]:
    """The related ids a history row keeps, by field name (only the fields the history tracks)."""
    values = {}
    for field in tracked_m2m_fields(history_row.instance_type):
        rows = _history_m2m_model(history_row.instance_type, field)._default_manager.filter(history=history_row)
        target = f"{field.m2m_reverse_field_name()}_id"
        values[field.name] = list(rows.order_by("m2m_history_id").values_list(target, flat=True))
    return values


def latest_history_links_write(*, model: type[models.Model], pks: list) -> None:
    """After a bulk write of links (an import): the newest history row of each record gets its current links.

    A constant number of queries per tracked field, however many records.
    """
    fields = tracked_m2m_fields(model)
    if not fields or not pks:
        return
    newest = {}
    for row in model.history.filter(id__in=pks).order_by("history_date", "history_id"):
        newest[row.id] = row
    for field in fields:
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        names = [f.attname for f in through._meta.concrete_fields]
        links = through._default_manager.filter(**{f"{source}__in": pks}).values(*names)
        history_model = _history_m2m_model(model, field)
        history_model._default_manager.filter(history__in=newest.values()).delete()
        history_model._default_manager.bulk_create(
            history_model(history=newest[link[source]], **link) for link in links if link[source] in newest
        )


def history_rows_changes(entries: list[models.Model]) -> list[list]:
    """For history rows newest first: each row's changes against the row before it, links included.

    The links of all rows are read with one query per tracked field, not one per row.
    """
    pairs = [(entries[index + 1] if index + 1 < len(entries) else None, entry) for index, entry in enumerate(entries)]
    return pairs_changes(pairs)


def prime_related(instances: list[models.Model]) -> None:
    """Load the records the instances' foreign keys point at, one query per field, and keep them on the instances.

    Names of records and their changed links then read no further rows (a record's name may read its
    unit or category: those of the related records come in the same query). A related record deleted
    since is not found here and is named from its history when shown.
    """
    if not instances:
        return
    model = type(instances[0])
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        ids = {getattr(instance, field.attname) for instance in instances} - {None}
        if not ids:
            continue
        related = field.related_model
        nested = [f.name for f in related._meta.concrete_fields if f.many_to_one]
        found = related._default_manager.select_related(*nested).in_bulk(ids)
        for instance in instances:
            obj = found.get(getattr(instance, field.attname))
            if obj is not None:
                field.set_cached_value(instance, obj)


def history_instances(rows: list[models.Model]) -> dict[int, models.Model]:
    """The record as each history row keeps it, by history id, with the records its foreign keys name loaded."""
    instances = {row.history_id: row.instance for row in rows}
    prime_related(list(instances.values()))
    return instances


def pairs_changes(
    pairs: list[tuple[models.Model | None, models.Model]], *, instances: dict[int, models.Model] | None = None
) -> list[list]:
    """The changes of each history row against the row before it (None: the record's first row), links included.

    Rows of one record type; one query per tracked many-to-many field, one per foreign key
    (`prime_related`), however many rows. `instances` (from `history_instances`) when the caller has them.
    """
    from bureau.services import FieldChange, field_changes  # here: bureau.services imports this module

    if not pairs:
        return []
    model = pairs[0][1].instance_type
    rows = [row for pair in pairs for row in pair if row is not None]
    if instances is None:
        instances = history_instances(rows)
    links: dict[int, dict[str, set]] = {row.history_id: {} for row in rows}
    labels: dict[str, dict] = {}
    for field in tracked_m2m_fields(model):
        history_model = _history_m2m_model(model, field)
        target = f"{field.m2m_reverse_field_name()}_id"
        for history_id, related_id in history_model._default_manager.filter(history__in=list(links)).values_list(
            "history_id", target
        ):
            links[history_id].setdefault(field.name, set()).add(related_id)
        related_ids = {related for row in links.values() for related in row.get(field.name, ())}
        labels[field.name] = dict(
            (obj.pk, str(obj)) for obj in field.related_model._default_manager.filter(pk__in=related_ids)
        )

    def shown(field, ids: set) -> str:
        names = sorted(labels[field.name].get(pk) or deleted_label(field.related_model, pk) for pk in ids)
        return "、".join(names) or "—"

    changes = []
    for previous, entry in pairs:
        if previous is None:
            changes.append([])
            continue
        row = field_changes(instances[previous.history_id], instances[entry.history_id])
        for field in tracked_m2m_fields(model):
            before = links[previous.history_id].get(field.name, set())
            after = links[entry.history_id].get(field.name, set())
            if before != after:
                row.append(FieldChange(field.name, str(field.verbose_name), shown(field, before), shown(field, after)))
        changes.append(row)
    return changes
