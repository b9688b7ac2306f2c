from django.urls import path

from .views import host, member, read

app_name = "diagnosis"

urlpatterns = [
    # what every audience reads (views/read.py)
    path("<slug:slug>/", read.OverviewView.as_view(), name="overview"),
    path("<slug:slug>/studios/<int:pk>/", read.RotationView.as_view(), name="rotation"),
    path("<slug:slug>/visits/<int:pk>/", read.VisitView.as_view(), name="visit"),
    # the host's (and the centre's) (views/host.py)
    path("<slug:slug>/studios/<int:pk>/plan/", host.PlanView.as_view(), name="plan"),
    path("<slug:slug>/visits/<int:pk>/month/", host.MoveView.as_view(), name="move"),
    path("<slug:slug>/visits/<int:pk>/held/", host.HoldView.as_view(), name="hold"),
    path("<slug:slug>/visits/<int:pk>/invitees/", host.InviteesView.as_view(), name="invitees"),
    path(
        "<slug:slug>/invitees/<int:pk>/remove/",
        host.RemoveInviteeView.as_view(),
        name="remove_invitee",
    ),
    path("<slug:slug>/visits/<int:pk>/report/", host.ReportView.as_view(), name="report"),
    # the member's (views/member.py)
    path("<slug:slug>/items/<int:pk>/follow-up/", member.FollowUpView.as_view(), name="follow_up"),
]
