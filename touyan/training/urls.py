from django.urls import path  # noqa: F401

from .views import mentors as mentor_views
from .views import plans as plan_views

app_name = "training"

# Each part of the course adds its paths to its own section, from its own views module.
urlpatterns: list = [
    # mentor teams, the mentor's workspace, mentoring sessions (views/mentors.py)
    path("mentor/", mentor_views.MentorWorkspaceView.as_view(), name="mentor_workspace"),
    path("trainees/<int:pk>/", mentor_views.TraineeView.as_view(), name="trainee"),
    path(
        "trainees/<int:pk>/deliverables/<int:deliverable>/comment/",
        mentor_views.DeliverableCommentView.as_view(),
        name="deliverable_comment",
    ),
    path("cohorts/<int:cohort>/teams/", mentor_views.TeamListView.as_view(), name="teams"),
    path("cohorts/<int:cohort>/teams/new/", mentor_views.TeamCreateView.as_view(), name="team_new"),
    path(
        "cohorts/<int:cohort>/mentors/new/",
        mentor_views.ExternalMentorView.as_view(),
        name="external_mentor",
    ),
    path("teams/<int:pk>/", mentor_views.TeamChangeView.as_view(), name="team"),
    path("teams/<int:pk>/dissolve/", mentor_views.TeamDissolveView.as_view(), name="team_dissolve"),
    path(
        "teams/<int:pk>/sessions/new/", mentor_views.SessionCreateView.as_view(), name="session_new"
    ),
    # personal development plans and comments (views/plans.py)
    path("trainees/<int:pk>/plan/", plan_views.PlanView.as_view(), name="plan"),
    path("trainees/<int:pk>/plan/edit/", plan_views.PlanEditView.as_view(), name="plan_edit"),
    *(
        path(
            f"trainees/<int:pk>/plan/{action}/",
            plan_views.PlanActionView.as_view(action=action),
            name=f"plan_{action}",
        )
        for action in ("submit", "revise", "approve", "return", "comment", "progress")
    ),
    path(
        "programmes/<int:programme>/plans/",
        plan_views.PlansWaitingView.as_view(),
        name="plans_waiting",
    ),
    # leave requests, roll call and session codes (views/leave.py)
    # removal cases and replacements (views/removal.py)
    # completion, transcripts, the credit file (views/completion.py)
]
