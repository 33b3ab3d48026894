"""The pickers' endpoint: `/<app>/<model>/choices/?q=…[&field=app.model.field]`, JSON, the type's view permission."""

from django.http import JsonResponse
from django.views import View

from bureau.views.generic import RecordTypeMixin

from .selectors import picker_choices, picker_limit_field

# At most this many characters of a typed term are searched (a pasted paragraph is not a name).
MAX_QUERY = 100


class PickerChoicesView(RecordTypeMixin, View):
    """{"results": [{"value", "text", "hint"}], "more": bool} for the typed term, in the picker's order.

    `field` names the foreign key the picker fills, whose choice limits apply (合作院校/院所: only
    universities and institutes). A user without the view permission gets 403.
    """

    action = "choices"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")[:MAX_QUERY]
        spec = request.GET.get("field", "")
        limit_field = picker_limit_field(record_type=self.record_type, spec=spec) if spec else None
        data = picker_choices(record_type=self.record_type, query=query, limit_field=limit_field)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
