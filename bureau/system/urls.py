"""URLs of 系统管理, mounted at /system/."""

from django.urls import path

from . import views

app_name = "system"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("logins/", views.LoginLogView.as_view(), name="login_log"),
    path("operations/", views.OperationLogView.as_view(), name="operation_log"),
    path("operations/imports/<int:pk>/", views.ImportBatchView.as_view(), name="import_batch"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    *(
        path(f"users/<int:pk>/{action}/", views.UserActionView.as_view(action=action), name=f"user_{action}")
        for action in ("enable", "disable", "reset", "unlock")
    ),
]
