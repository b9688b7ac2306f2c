from django.urls import path

from .views import carrying, cohorts, linking, programmes, studios

app_name = "programmes"
urlpatterns = [
    path("", programmes.ProgrammeListView.as_view(), name="list"),
    path("new/", programmes.ProgrammeCreateView.as_view(), name="create"),
    path("<slug:slug>/", programmes.ProgrammeDetailView.as_view(), name="detail"),
    path("<slug:slug>/policy/", programmes.PolicyVersionView.as_view(), name="policy_version"),
    path("<slug:slug>/themes/<int:year>/", programmes.ThemeView.as_view(), name="theme"),
    path("<slug:slug>/studios/<int:pk>/", studios.StudioDetailView.as_view(), name="studio"),
    path("<slug:slug>/carry-over/", carrying.CarryOverView.as_view(), name="carry_over"),
    path(
        "<slug:slug>/studios/<int:pk>/introduced/",
        carrying.IntroducedHostView.as_view(),
        name="introduced_host",
    ),
    path(
        "<slug:slug>/studios/<int:pk>/members/add/",
        studios.AddMemberView.as_view(),
        name="add_member",
    ),
    path(
        "<slug:slug>/studios/<int:pk>/members/<int:member>/leave/",
        studios.MemberLeavesView.as_view(),
        name="member_leaves",
    ),
    path("<slug:slug>/cohorts/new/", cohorts.CohortCreateView.as_view(), name="cohort_create"),
    path("<slug:slug>/cohorts/<int:number>/", cohorts.CohortDetailView.as_view(), name="cohort"),
    path(
        "<slug:slug>/cohorts/<int:number>/trainees/add/",
        cohorts.AddTraineeView.as_view(),
        name="add_trainee",
    ),
    path("<slug:slug>/trainees/<int:pk>/", cohorts.TraineeDetailView.as_view(), name="trainee"),
    path("<slug:slug>/link-schools/", linking.LinkSchoolsView.as_view(), name="link_schools"),
    path(
        "<slug:slug>/link-schools/<int:pk>/end/",
        linking.EndLinkSchoolView.as_view(),
        name="end_link_school",
    ),
]
