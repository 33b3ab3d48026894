"""用户管理 pages: list, add, edit, and the one-click actions 停用/启用, 重置密码, 解锁 (admins only)."""

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

from bureau.roles import ROLES

from . import selectors, services
from .exports import login_log_workbook
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
                password = services.user_password_reset(user=target)
                return _password_page(request, user=target, password=password, reason="已重置密码")
            if self.action == "unlock":
                services.user_unlock(user=target)
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
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"登录日志-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response


# An export is a file a person reads: a year of a busy county's logins fits well under this.
EXPORT_LIMIT = 100_000
