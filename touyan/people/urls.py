from django.urls import path

from .views import registry, roster

app_name = "people"
urlpatterns = [
    path("principals/", registry.PrincipalListView.as_view(), name="principal_list"),
    path("principals/new/", registry.PrincipalCreateView.as_view(), name="principal_create"),
    path("principals/<int:pk>/", registry.PrincipalDetailView.as_view(), name="principal_detail"),
    path(
        "principals/<int:pk>/reveal/",
        registry.PrincipalRevealView.as_view(),
        name="principal_reveal",
    ),
    path(
        "principals/<int:pk>/edit/", registry.PrincipalUpdateView.as_view(), name="principal_update"
    ),
    path("schools/", registry.SchoolListView.as_view(), name="school_list"),
    path("schools/new/", registry.SchoolCreateView.as_view(), name="school_create"),
    path("schools/<int:pk>/", registry.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", registry.SchoolUpdateView.as_view(), name="school_update"),
    path("import/", roster.RosterUploadView.as_view(), name="roster_import"),
    path("import/<int:pk>/", roster.RosterPreviewView.as_view(), name="roster_preview"),
    path("export.xlsx", roster.RosterExportView.as_view(), name="roster_export"),
]
