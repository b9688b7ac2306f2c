from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/export.xlsx", views.ExportView.as_view(), name="export"),
    path("<slug:slug>/mine/", views.MineView.as_view(), name="mine"),
    path("<slug:slug>/snapshots/", views.SnapshotListView.as_view(), name="snapshots"),
    path(
        "<slug:slug>/snapshots/<int:pk>.json",
        views.SnapshotDownloadView.as_view(),
        name="snapshot",
    ),
    path("<slug:slug>/subjects/<int:subject_id>/", views.SubjectView.as_view(), name="studio"),
    path("<slug:slug>/<int:subject_id>/<str:rule_id>/", views.CellView.as_view(), name="cell"),
]
