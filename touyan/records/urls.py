from django.urls import path

from .views import activities, attendance, deliverables, files, research

app_name = "records"
urlpatterns = [
    path("<slug:slug>/activities/", activities.ActivityListView.as_view(), name="activity_list"),
    path(
        "<slug:slug>/activities/new/",
        activities.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity"
    ),
    path(
        "<slug:slug>/activities/<int:pk>/edit/",
        activities.ActivityUpdateView.as_view(),
        name="activity_update",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/delete/",
        activities.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/attendance/",
        attendance.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/files/",
        files.FileUploadView.as_view(),
        name="file_upload",
    ),
    path("<slug:slug>/files/<int:pk>/", files.FileDownloadView.as_view(), name="file"),
    path("<slug:slug>/files/<int:pk>/delete/", files.FileDeleteView.as_view(), name="file_delete"),
    path(
        "<slug:slug>/deliverables/",
        deliverables.DeliverableListView.as_view(),
        name="deliverable_list",
    ),
    path(
        "<slug:slug>/deliverables/new/",
        deliverables.DeliverableCreateView.as_view(),
        name="deliverable_create",
    ),
    path(
        "<slug:slug>/deliverables/<int:pk>/",
        deliverables.DeliverableDetailView.as_view(),
        name="deliverable",
    ),
    path(
        "<slug:slug>/deliverables/<int:pk>/file/",
        deliverables.DeliverableFileView.as_view(),
        name="deliverable_file",
    ),
    path(
        "<slug:slug>/deliverables/<int:pk>/verify/",
        deliverables.VerifyCountView.as_view(),
        name="deliverable_verify",
    ),
    path(
        "<slug:slug>/studios/<int:pk>/projects/new/",
        research.StudioProjectCreateView.as_view(),
        name="studio_project_create",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/projects/new/",
        research.TraineeProjectCreateView.as_view(),
        name="trainee_project_create",
    ),
    path(
        "<slug:slug>/projects/<int:pk>/outcomes/new/",
        research.OutcomeCreateView.as_view(),
        name="outcome_create",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/projects/apply/",
        research.TraineeApplicationView.as_view(),
        name="trainee_project_apply",
    ),
    path(
        "<slug:slug>/projects/<int:pk>/stage/",
        research.ProjectStageView.as_view(),
        name="project_stage",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/credits/new/",
        research.CreditCreateView.as_view(),
        name="credit_create",
    ),
]
