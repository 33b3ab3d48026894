"""Root URLs: accounts, home, search, and every record type's pages generated from the registry."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .accounts.views import LedgerLoginView, LedgerPasswordChangeView
from .dashboard.views import DashboardView
from .routing import registry_urlpatterns
from .views import pages, proofread

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("search/", pages.GlobalSearchView.as_view(), name="search"),
    path("proofread/", proofread.ProofreadDocumentView.as_view(), name="proofread"),
    path("accounts/login/", LedgerLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", LedgerPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("ledger/", include("bureau.importexport.urls")),
    path("reports/", include("bureau.report.urls")),
    path("deleted/", include("bureau.restore.urls")),
    path("system/", include("bureau.system.urls")),
    *registry_urlpatterns(),
]

handler404 = "bureau.views.pages.page_not_found"
handler500 = "bureau.views.pages.server_error"
