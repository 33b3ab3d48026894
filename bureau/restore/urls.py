"""URLs of the 已删除记录 page."""

from django.urls import path

from . import views

app_name = "restore"
urlpatterns = [
    path("", views.DeletedRecordListView.as_view(), name="deleted_list"),
    path("<str:app_label>/<str:model_name>/<int:pk>/", views.RecordRestoreView.as_view(), name="restore"),
]
