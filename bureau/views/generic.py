"""Generic views serving every registered record type; each is given its RecordType by the URL generator."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, Window
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from bureau import deletion, history, operations, services
from bureau.attachments import selectors as attachment_selectors
from bureau.pagination import LedgerPaginator, rounded
from bureau.registry import RecordType, registry


class RecordTypeMixin(PermissionRequiredMixin):
    """Binds a view to one record type: its model, permission for the action, templates and context."""

    record_type: RecordType = None
    action: str = ""
    page: str = ""

    def get_permission_required(self):
        return [self.record_type.permission(self.action)]

    @property
    def model(self):
        return self.record_type.model

    def get_queryset(self):
        fk_names = [f.name for f in self.model._meta.fields if isinstance(f, models.ForeignKey)]
        return self.model._default_manager.select_related(*fk_names)

    def get_template_names(self):
        # A record type may override one page by name; the generic template serves the rest.
        return [
            f"{self.record_type.app_label}/{self.record_type.model_name}_{self.page}.html",
            f"generic/object_{self.page}.html",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rt = self.record_type
        context.update(
            record_type=rt,
            verbose_name=rt.verbose_name,
            can_add="add" in rt.actions and user.has_perm(rt.permission("add")),
            can_edit=user.has_perm(rt.permission("edit")),
            can_delete="delete" in rt.actions and user.has_perm(rt.permission("delete")),
        )
        return context


# Buttons other modules add to every list page (export, import …): callables
# (user=, record_type=) returning [{"url": …, "label": …, "keep_query": bool}].
LIST_BUTTONS: list = []


def table_relations(table_class) -> list[str]:
    """The foreign keys a table's columns read (`applicant`, `commendation` for `commendation__year`).

    Joined, or each row costs a query; only these, since a join the page does not show
    still costs its rows' columns and model instances.
    """
    if table_class is None:
        return []
    paths = set()
    for name, column in table_class.base_columns.items():
        model, path = table_class._meta.model, []
        for part in str(column.accessor or name).replace(".", "__").split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not field.concrete or not (field.many_to_one or field.one_to_one):
                break
            path.append(part)
            model = field.related_model
        if path:
            paths.add("__".join(path))
    return sorted(paths)


class ObjectListView(RecordTypeMixin, SingleTableMixin, FilterView):
    """List page: filter form, search box, sortable and paginated table."""

    action = page = "list"
    paginate_by = 50

    def get_queryset(self):
        return self.model._default_manager.select_related(*table_relations(self.record_type.table))

    def get_filterset_class(self):
        return self.record_type.filterset

    def get_table_class(self):
        return self.record_type.table

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by, "paginator_class": LedgerPaginator}

    def get_paginate_by(self, queryset):
        # The table paginates; paginating the ListView's object_list too would count the rows twice.
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = getattr(context["table"], "paginator", None)
        context["total_count"] = paginator.count if paginator else None
        # On a large unfiltered table (PostgreSQL) the count is the planner's estimate: shown as “约 N 条”.
        context["count_estimated"] = bool(paginator and paginator.estimated)
        if context["count_estimated"]:
            context["total_count"] = rounded(paginator.count)
        context["querystring"] = self.request.GET.urlencode()
        for hook in LIST_BUTTONS:
            context.setdefault("list_buttons", []).extend(hook(user=self.request.user, record_type=self.record_type))
        return context


def record_fields(instance: models.Model) -> list[tuple[str, object]]:
    """(label, display value) for every field a user would read on the detail page."""
    rows = []
    for field in instance._meta.fields:
        if field.name in {"id", "version"} or getattr(field, "internal", False):
            continue
        rows.append((str(field.verbose_name), services.display_value(instance, field), field))
    for field in instance._meta.many_to_many:
        values = "、".join(str(item) for item in getattr(instance, field.name).all()) or "—"
        rows.append((str(field.verbose_name), values, field))
    return rows


# Sections other modules add to every detail page (attachments …): callables
# (request, record_type, object) returning {"template": …, …} or None; rendered as `extra_sections`.
# A section whose template shows the messages of an anchored redirect adds "message_place": its element's id.
DETAIL_SECTIONS: list = []


class ObjectDetailView(RecordTypeMixin, generic.DetailView):
    """Detail page: the record's fields, its related records, attachments and links to edit or history."""

    action = page = "detail"
    context_object_name = "object"

    def related_sections(self):
        sections = []
        for related in self.record_type.related_lists:
            accessor = related.accessor
            manager = getattr(self.object, accessor)
            related_model = manager.model
            related_type = registry.get(related_model)
            if related_type is None or not self.request.user.has_perm(related_type.permission("list")):
                continue
            table_class = related_type.table
            # The key back to this record needs no join: the manager hands each row this record.
            back = getattr(getattr(manager, "field", None), "name", None)
            joined = [path for path in table_relations(table_class) if path != back]
            # COUNT(*) OVER () brings the total with the first rows: one query per section, whatever its size.
            queryset = manager.select_related(*joined).annotate(section_total=Window(Count("pk")))
            rows = list(queryset[:50])
            table = table_class(rows, orderable=False) if table_class and rows else None  # none: "暂无"
            field = self.model._meta.get_field(accessor)
            title = related.title or str(related_model._meta.verbose_name)
            add_url = None
            if related_type.parent_field and self.request.user.has_perm(related_type.permission("add")):
                add_url = f"{reverse(related_type.url_name('add'))}?{related_type.parent_field}={self.object.pk}"
            sections.append(
                {
                    "title": title,
                    "table": table,
                    "count": rows[0].section_total if rows else 0,
                    "record_type": related_type,
                    "field": field,
                    "add_url": add_url,
                }
            )
        return sections

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = record_fields(self.object)
        context["related_sections"] = self.related_sections()
        sections = (hook(self.request, self.record_type, self.object) for hook in DETAIL_SECTIONS)
        context.setdefault("extra_sections", []).extend(section for section in sections if section)
        # A section that shows its own messages (attachments: bureau.page_messages) names its place.
        context["message_places"] = [s["message_place"] for s in context["extra_sections"] if s.get("message_place")]
        return context


class ObjectEditView(RecordTypeMixin, generic.UpdateView):
    """Add or edit page. Saves through `record_save`, which refuses a stale edit."""

    page = "edit"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    @property
    def action(self):
        return "edit" if "pk" in self.kwargs else "add"

    def get_form_class(self):
        return self.record_type.form

    @property
    def in_dialog(self) -> bool:
        """Opened from a picker's 新增 button: the form alone, and the saved record answered as JSON."""
        return self.request.headers.get("X-Ledger-Dialog") == "1"

    def get_template_names(self):
        return ["generic/_form_dialog.html"] if self.in_dialog else super().get_template_names()

    def get_prefix(self):
        # Its own field names and ids: the page behind the dialog has a form too (备注 on both).
        return "dialog" if self.in_dialog else super().get_prefix()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.in_dialog:  # no dialog inside a dialog
            user = self.request.user
            for field in form.fields.values():
                picked = getattr(field.widget, "record_type", None)
                if picked is not None and picked.add_from_picker and user.has_perm(picked.permission("add")):
                    field.widget.add_url = reverse(picked.url_name("add"))
        return form

    def get_initial(self):
        # Child records added from a parent's page arrive with the parent preselected.
        initial = super().get_initial()
        form_fields = self.get_form_class()._meta.fields
        for key, value in self.request.GET.items():
            if key in form_fields:
                initial[key] = value
        return initial

    def form_valid(self, form):
        instance = form.save(commit=False)
        try:
            services.record_save(
                instance=instance,
                user=self.request.user,
                expected_version=form.cleaned_data.get("version"),
                m2m=form.m2m_data(),
                version_required=self.action == "edit",
            )
        except services.StaleRecordError as error:
            if error.version_missing:
                form.add_error(None, "无法确认您修改的是此记录的哪个版本，您的修改未保存。请重新打开此记录后再编辑。")
                return self.render_to_response(self.get_context_data(form=form))
            form.add_error(None, "此记录已被他人修改，您的修改未保存。请查看对方的修改后重新编辑。")
            return self.render_to_response(self.get_context_data(form=form, stale=error))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if self.in_dialog:
            return JsonResponse(
                {"value": str(instance.pk), "text": str(instance)}, json_dumps_params={"ensure_ascii": False}
            )
        note = form.saved_note()  # the date of a status reached, so the clerk sees which year it counts in
        messages.success(self.request, f"已保存：{instance}" + (f"；{note}" if note else ""))
        return HttpResponseRedirect(instance.get_absolute_url())


class ObjectDeleteView(RecordTypeMixin, generic.DeleteView):
    """Delete with confirmation; a record that others refer to is refused with the reason."""

    action = page = "delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = deletion.deletion_plan(instance=self.object)
        context["goes_with_it"] = plan.summary()
        context["protected_by"] = plan.protected_summary()
        return context

    def form_valid(self, form):
        instance = self.object
        try:
            services.record_delete(instance=instance, user=self.request.user)
        except services.RecordInUseError as error:
            messages.error(self.request, str(error))
            return HttpResponseRedirect(instance.get_absolute_url())
        messages.success(self.request, f"已删除：{instance}")
        return HttpResponseRedirect(reverse(self.record_type.url_name("list")))


def without_changes(entry) -> str:
    """What a history row without changed fields says (as 操作日志 says), else —."""
    return operations.without_changes(entry.history_type, entry.history_change_reason) or "—"


class ObjectHistoryView(RecordTypeMixin, generic.DetailView):
    """History page: who changed what and when, field by field (django-simple-history)."""

    action = "history"
    page = "history"

    def get_object(self, queryset=None):
        # A deleted record's history stays readable: fall back to its last historical copy.
        pk = self.kwargs["pk"]
        instance = self.model._default_manager.filter(pk=pk).first()
        if instance is None:
            last = get_object_or_404(self.model.history.filter(id=pk).order_by("-history_date")[:1])
            instance = last.instance
        return instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_label"] = deletion.record_label(self.object)
        entries = list(
            self.model.history.filter(id=self.object.pk)
            .select_related("history_user")
            .prefetch_related("history_user__groups")
            .order_by("-history_date", "-history_id")
        )
        changes = history.history_rows_changes(entries)
        rows = [
            {
                "when": entry.history_date,
                "user": entry.history_user,
                "operation": operations.operation_label(entry.history_type, entry.history_change_reason),
                "note": operations.operation_note(entry.history_change_reason),
                "batch": operations.import_batch_id(entry.history_change_reason),
                "unchanged": without_changes(entry),
                "changes": entry_changes,
                "order": (entry.history_date, 1),
            }
            for entry, entry_changes in zip(entries, changes, strict=True)
        ]
        # Uploads and deletions of the record's attachments are part of its story.
        for event in attachment_selectors.attachment_events(model=self.model, object_id=self.object.pk):
            rows.append(
                {
                    "when": event.history_date,
                    "user": event.history_user,
                    "operation": event.operation,
                    "note": "",
                    "batch": None,
                    "unchanged": "—",
                    "changes": [event.change],
                    "order": (event.history_date, 0),
                }
            )
        rows.sort(key=lambda row: row["order"], reverse=True)
        context["history_rows"] = rows
        context["may_read_log"] = self.request.user.has_perm("bureau.operation_log")
        workflow = getattr(self.model, "WORKFLOW", None)
        if workflow is not None:
            context["status_path"] = workflow.path(reversed(entries))
        return context
