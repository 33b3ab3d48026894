"""Login and password change: Django's views, plus the forced change after an initial, reset or old password."""

from django.contrib.auth import views as auth_views

from . import selectors
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
        response = super().form_valid(form)
        self.request.session.pop(SESSION_KEY, None)
        return response
