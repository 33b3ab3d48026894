"""A user who must change the password (initial, reset or expired) reaches no other page until it is done."""

from django.contrib import messages
from django.shortcuts import redirect

# Set in the session at login (bureau.accounts.views.LedgerLoginView), so pages cost no extra query.
SESSION_KEY = "_password_change_reason"
ALLOWED_URL_NAMES = {"login", "logout", "password_change", "password_change_done"}


class PasswordChangeRequiredMiddleware:
    """Sends every request of a user who must change the password to 修改密码, with the reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        reason = session.get(SESSION_KEY) if session is not None else None
        if not reason or not request.user.is_authenticated:
            return None
        if request.resolver_match and request.resolver_match.url_name in ALLOWED_URL_NAMES:
            return None
        messages.warning(request, reason)
        return redirect("password_change")
