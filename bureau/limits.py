"""Request size limits enforced before anything reads the body."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

# Room for the multipart boundaries and the form's other fields around an upload of the full size.
MULTIPART_OVERHEAD = 1024 * 1024


def request_max_bytes() -> int:
    return settings.LEDGER_UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD


class RequestBodyLimitMiddleware:
    """Refuse a body whose declared Content-Length is over the upload limit, unread.

    Django's CSRF check would otherwise parse it whole and spool its files to disk,
    for any client, signed in or not. The reverse proxy should refuse it first
    (nginx `client_max_body_size`, see README); this is the same rule inside the app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponse("请求的 Content-Length 无效。", status=400, content_type="text/plain; charset=utf-8")
        limit = request_max_bytes()
        if length > limit:
            page = render_to_string(
                "413.html",
                {"size_mb": f"{length / 1048576:.1f}", "limit_mb": f"{settings.LEDGER_UPLOAD_MAX_BYTES / 1048576:.0f}"},
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)
