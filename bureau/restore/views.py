"""The 已删除记录 page and the restore action (admins only: bureau.restore_record)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import generic

from bureau.registry import registry

from .selectors import deleted_record_list, group_summary
from .services import RestoreError, record_restore


class DeletedRecordListView(PermissionRequiredMixin, generic.TemplateView):
    """Every deleted record of every record type, newest deletion first, each with a restore button."""

    permission_required = "bureau.restore_record"
    template_name = "restore/deleted_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["records"] = deleted_record_list()
        return context


class RecordRestoreView(PermissionRequiredMixin, generic.View):
    """POST: restore a deleted record, with what its delete took, and go to it."""

    permission_required = "bureau.restore_record"
    http_method_names = ["post"]

    def post(self, request, app_label: str, model_name: str, pk: int):
        record_type = next((rt for rt in registry if rt.app_label == app_label and rt.model_name == model_name), None)
        if record_type is None:
            raise Http404("没有这种记录类型。")
        group = group_summary(model=record_type.model, pk=pk)
        try:
            instance = record_restore(model=record_type.model, pk=pk, user=request.user)
        except RestoreError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("restore:deleted_list"))
        together = f"，连同{'；'.join(group)}" if group else ""
        messages.success(request, f"已恢复：{record_type.verbose_name}“{instance}”{together}")
        return HttpResponseRedirect(instance.get_absolute_url())
