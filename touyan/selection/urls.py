from django.urls import path

from .views.applicant import application, choices, open_calls
from .views.district import batch, desk, documents, review
from .views.expert import reviews
from .views.office import calls as office_calls
from .views.office import case, decision, lists
from .views.office import review as office_review
from .views.public import calls as public_calls
from .views.public import notice as public_notice

app_name = "selection"

urlpatterns = [
    # public: no sign-in (HZ-4.1.1, the notice of HZ-4.1.3)
    path("calls/", public_calls.CallListView.as_view(), name="public_calls"),
    path("calls/<int:pk>/", public_calls.CallView.as_view(), name="public_call"),
    path("calls/<int:pk>/notice/", public_notice.NoticeView.as_view(), name="public_notice"),
    # applicants
    path("open/", open_calls.OpenCallsView.as_view(), name="open_calls"),
    path("calls/<int:pk>/apply/", application.ApplyView.as_view(), name="apply"),
    path("applications/", application.MyApplicationsView.as_view(), name="my_applications"),
    path("applications/<int:pk>/", application.ApplicationView.as_view(), name="application"),
    path(
        "applications/<int:pk>/choices/",
        choices.ChoicesView.as_view(),
        name="application_choices",
    ),
    path("evidence/<int:pk>/", application.EvidenceDownloadView.as_view(), name="evidence"),
    # district officers (and the centre, for calls without a district stage)
    path("district/", desk.DistrictDeskView.as_view(), name="district_desk"),
    path("calls/<int:pk>/district/", batch.DistrictEntryView.as_view(), name="district"),
    path(
        "calls/<int:pk>/district/<str:code>/",
        batch.DistrictListView.as_view(),
        name="district_list",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/summary.xlsx",
        documents.SummarySheetView.as_view(),
        name="district_summary",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/forms/",
        documents.FormsView.as_view(),
        name="district_forms",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/rank/",
        batch.RankView.as_view(),
        name="district_rank",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/submit/",
        batch.SubmitBatchView.as_view(),
        name="district_submit",
    ),
    path(
        "review/applications/<int:pk>/",
        review.ReviewApplicationView.as_view(),
        name="district_review",
    ),
    path(
        "review/applications/<int:pk>/form.pdf",
        documents.FormPdfView.as_view(),
        name="application_form",
    ),
    # the authority and the centre
    path("office/calls/", office_calls.CallListView.as_view(), name="calls"),
    path("office/calls/new/", office_calls.CallCreateView.as_view(), name="call_new"),
    path("office/calls/<int:pk>/", office_calls.CallView.as_view(), name="call"),
    path("office/calls/<int:pk>/batches/", office_review.BatchesView.as_view(), name="batches"),
    path("office/calls/<int:pk>/panel/", office_review.PanelView.as_view(), name="panel"),
    path("office/calls/<int:pk>/ranking/", decision.RankingView.as_view(), name="ranking"),
    path("office/calls/<int:pk>/notice/", decision.NoticeView.as_view(), name="notice"),
    path("office/calls/<int:pk>/objections/", decision.ObjectionsView.as_view(), name="objections"),
    path(
        "office/calls/<int:pk>/decided.xlsx",
        lists.ListSheetView.as_view(which=lists.DECIDED),
        name="decided_xlsx",
    ),
    path(
        "office/calls/<int:pk>/decided.pdf",
        lists.ListPdfView.as_view(which=lists.DECIDED),
        name="decided_pdf",
    ),
    path(
        "office/calls/<int:pk>/final.xlsx",
        lists.ListSheetView.as_view(which=lists.FINAL),
        name="final_xlsx",
    ),
    path(
        "office/calls/<int:pk>/final.pdf",
        lists.ListPdfView.as_view(which=lists.FINAL),
        name="final_pdf",
    ),
    path("office/applications/<int:pk>/", case.CaseView.as_view(), name="case"),
    # experts
    path("reviews/", reviews.MyReviewsView.as_view(), name="my_reviews"),
    path("reviews/<int:pk>/", reviews.ReviewView.as_view(), name="review"),
]
