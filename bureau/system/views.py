"""系统管理 pages (admins only): 用户管理 (list, add, edit, 停用/启用, 重置密码, 解锁), 登录日志 and 操作日志."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views import View, generic

from bureau.models import ImportBatch
from bureau.roles import ROLES

from . import oplog, selectors, services
from .exports import login_log_workbook, operation_log_workbook
from .forms import UserCreateForm, UserEditForm

PERMISSION = "auth.change_user"
STATES = (("active", "启用"), ("inactive", "停用"))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class UserListView(PermissionRequiredMixin, generic.TemplateView):
    permission_required = PERMISSION
    template_name = "system/user_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        query, role, state = params.get("q", "").strip(), params.get("role", ""), params.get("state", "")
        return super().get_context_data(
            rows=selectors.user_rows(query=query, role=role, state=state),
            query=query,
            role=role,
            state=state,
            roles=ROLES,
            states=STATES,
            **kwargs,
        )


def _password_page(request, *, user, password: str, reason: str):
    # The one-time password is shown on this response only: it is stored nowhere but as a hash.
    response = render(request, "system/user_password.html", {"target": user, "password": password, "reason": reason})
    response["Cache-Control"] = "no-store"
    return response


class UserCreateView(PermissionRequiredMixin, generic.FormView):
    permission_required = PERMISSION
    template_name = "system/user_form.html"
    form_class = UserCreateForm
    extra_context = {"heading": "新增用户"}

    def form_valid(self, form):
        try:
            user, password = services.user_create(
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                by=self.request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        return _password_page(self.request, user=user, password=password, reason="已新增用户")


class UserEditView(PermissionRequiredMixin, generic.FormView):
    permission_required = PERMISSION
    template_name = "system/user_form.html"
    form_class = UserEditForm

    @cached_property
    def target(self):
        # Looked up after the permission check: a missing id answers 403 to those who may not edit users.
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def get_initial(self):
        role = next((g.name for g in self.target.groups.all() if g.name in ROLES), None)
        return {"full_name": self.target.first_name, "role": role}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"编辑用户：{self.target.username}", target=self.target, **kwargs)

    def form_valid(self, form):
        try:
            services.user_update(
                user=self.target,
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                by=self.request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存用户“{self.target.username}”。")
        return redirect("system:user_list")


class UserActionView(PermissionRequiredMixin, View):
    """POST-only one-click actions on one user."""

    permission_required = PERMISSION
    action = ""

    def post(self, request, pk):
        target = get_object_or_404(get_user_model(), pk=pk)
        try:
            if self.action == "reset":
                password = services.user_password_reset(user=target, by=request.user)
                return _password_page(request, user=target, password=password, reason="已重置密码")
            if self.action == "unlock":
                services.user_unlock(user=target, by=request.user)
                messages.success(request, f"已解锁用户“{target.username}”，可以重新登录。")
            else:
                active = self.action == "enable"
                services.user_active_set(user=target, active=active, by=request.user)
                messages.success(request, f"已{'启用' if active else '停用'}用户“{target.username}”。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("system:user_list")


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class LoginLogView(PermissionRequiredMixin, generic.TemplateView):
    """登录日志: logins, failures, lockouts and logouts; filter by user, result and date; export to Excel."""

    permission_required = "axes.view_accesslog"
    template_name = "system/login_log.html"

    def filters(self) -> dict:
        params = self.request.GET
        return {
            "username": params.get("username", "").strip(),
            "result": params.get("result", "") if params.get("result") in selectors.LOGIN_RESULTS else "",
            "date_from": _date(params.get("date_from", "")),
            "date_to": _date(params.get("date_to", "")),
        }

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export(selectors.login_events(**self.filters(), limit=EXPORT_LIMIT))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filters = self.filters()
        return super().get_context_data(
            events=selectors.login_events(**filters), filters=filters, results=selectors.LOGIN_RESULTS, **kwargs
        )

    def export(self, events) -> HttpResponse:
        buffer = io.BytesIO()
        login_log_workbook(events=events, output=buffer)
        return _workbook_response(buffer, "登录日志")


def _workbook_response(buffer: io.BytesIO, title: str) -> HttpResponse:
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


# A user id or page number beyond this is nonsense, and a page's rows (number × 50) must fit the database's integers.
PARAM_LIMIT = 10**12


def _int(value: str) -> int | None:
    """A whole number from the query string, or None (also for one too large: a 500 from the driver otherwise)."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is None or abs(number) < PARAM_LIMIT else None


class OperationLogView(PermissionRequiredMixin, generic.TemplateView):
    """操作日志: every record type's history, attachments, imports and 用户管理; filters, pages, Excel export."""

    permission_required = "bureau.operation_log"
    template_name = "system/operation_log.html"

    def filters(self) -> oplog.Filters:
        params = self.request.GET
        types = dict(oplog.record_type_choices())
        return oplog.Filters(
            user_id=_int(params.get("user", "")),
            record_type=params.get("type", "") if params.get("type") in types else "",
            operation=params.get("operation", "") if params.get("operation") in oplog.OPERATION_FILTERS else "",
            date_from=_date(params.get("date_from", "")),
            date_to=_date(params.get("date_to", "")),
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            rows = oplog.operation_log_rows(filters=self.filters(), limit=OPERATION_EXPORT_LIMIT, viewer=request.user)
            buffer = io.BytesIO()
            operation_log_workbook(rows=rows, output=buffer)
            return _workbook_response(buffer, "操作日志")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filters = self.filters()
        page = oplog.operation_log_page(
            filters=filters, page=_int(self.request.GET.get("page", "")) or 1, viewer=self.request.user
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page=page,
            filters=filters,
            query=query.urlencode(),
            users=oplog.user_choices(),
            record_types=oplog.record_type_choices(),
            operations=oplog.OPERATION_FILTERS,
            export_limit=OPERATION_EXPORT_LIMIT,
            **kwargs,
        )


class ImportBatchView(PermissionRequiredMixin, generic.TemplateView):
    """One import of 操作日志: who, when, the row counts per sheet and the records it wrote."""

    permission_required = "bureau.operation_log"
    template_name = "system/import_batch.html"

    def get_context_data(self, **kwargs):
        batch = get_object_or_404(ImportBatch, pk=self.kwargs["pk"])
        return super().get_context_data(
            batch=batch, sheets=oplog.import_batch_records(batch=batch, viewer=self.request.user), **kwargs
        )


# An export is a file a person reads: a year of a busy county's logins fits well under this.
EXPORT_LIMIT = 100_000
# The operation log's export holds the newest lines that match; a narrower filter reaches older ones.
OPERATION_EXPORT_LIMIT = 20_000
