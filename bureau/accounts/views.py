"""Login and password change: Django's views, plus the forced change after an initial, reset or old password."""

from axes.helpers import get_client_session_hash
from django.contrib.auth import views as auth_views

from bureau.system.services import user_action_log

from . import selectors, services
from .middleware import SESSION_KEY


class LedgerLoginView(auth_views.LoginView):
    def form_valid(self, form):
        response = super().form_valid(form)
        reason = selectors.password_change_reason(user=form.get_user())
        if reason:
            self.request.session[SESSION_KEY] = reason
        return response


class LedgerPasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        old_hash = get_client_session_hash(self.request)
        response = super().form_valid(form)  # cycles the session key
        self.request.session.pop(SESSION_KEY, None)
        user_action_log(action="password", target=self.request.user, by=self.request.user)
        services.access_log_session_follow(
            username=self.request.user.get_username(),
            old_hash=old_hash,
            new_hash=get_client_session_hash(self.request),
        )
        return response
