from django.urls import path

from .views import applicant, applicant_choices, district, expert, office, public

app_name = "selection"

urlpatterns = [
    # public: no sign-in (HZ-4.1.1, the notice of HZ-4.1.3)
    path("calls/", public.CallListView.as_view(), name="public_calls"),
    path("calls/<int:pk>/", public.CallView.as_view(), name="public_call"),
    path("calls/<int:pk>/notice/", public.NoticeView.as_view(), name="public_notice"),
    # applicants
    path("calls/<int:pk>/apply/", applicant.ApplyView.as_view(), name="apply"),
    path("applications/", applicant.MyApplicationsView.as_view(), name="my_applications"),
    path("applications/<int:pk>/", applicant.ApplicationView.as_view(), name="application"),
    path(
        "applications/<int:pk>/choices/",
        applicant_choices.ChoicesView.as_view(),
        name="application_choices",
    ),
    path("evidence/<int:pk>/", applicant.EvidenceDownloadView.as_view(), name="evidence"),
    # district officers (and the centre, for calls without a district stage)
    path("calls/<int:pk>/district/", district.DistrictEntryView.as_view(), name="district"),
    path(
        "calls/<int:pk>/district/<str:code>/",
        district.DistrictListView.as_view(),
        name="district_list",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/summary.xlsx",
        district.SummarySheetView.as_view(),
        name="district_summary",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/forms.pdf",
        district.FormsPdfView.as_view(),
        name="district_forms",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/rank/",
        district.RankView.as_view(),
        name="district_rank",
    ),
    path(
        "calls/<int:pk>/district/<str:code>/submit/",
        district.SubmitBatchView.as_view(),
        name="district_submit",
    ),
    path(
        "review/applications/<int:pk>/",
        district.ReviewApplicationView.as_view(),
        name="district_review",
    ),
    path(
        "review/applications/<int:pk>/form.pdf",
        district.FormPdfView.as_view(),
        name="application_form",
    ),
    # the authority and the centre
    path("office/calls/", office.CallListView.as_view(), name="calls"),
    path("office/calls/new/", office.CallCreateView.as_view(), name="call_new"),
    path("office/calls/<int:pk>/", office.CallView.as_view(), name="call"),
    path("office/calls/<int:pk>/batches/", office.BatchesView.as_view(), name="batches"),
    path("office/calls/<int:pk>/panel/", office.PanelView.as_view(), name="panel"),
    path("office/calls/<int:pk>/ranking/", office.RankingView.as_view(), name="ranking"),
    path("office/calls/<int:pk>/notice/", office.NoticeView.as_view(), name="notice"),
    path("office/calls/<int:pk>/objections/", office.ObjectionsView.as_view(), name="objections"),
    path("office/applications/<int:pk>/", office.CaseView.as_view(), name="case"),
    # experts
    path("reviews/", expert.MyReviewsView.as_view(), name="my_reviews"),
    path("reviews/<int:pk>/", expert.ReviewView.as_view(), name="review"),
]
