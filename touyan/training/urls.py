from django.urls import path

from .views import completion, leave, mentors, plans, removal
from .views import research as research_views
from .views import studio as studio_views

app_name = "training"

# Each part of the course adds its paths to its own section, from its own views module.
urlpatterns: list = [
    # mentor teams, the mentor's workspace, mentoring sessions (views/mentors.py)
    path("mentor/", mentors.MentorWorkspaceView.as_view(), name="mentor_workspace"),
    path("trainees/<int:pk>/", mentors.TraineeView.as_view(), name="trainee"),
    path(
        "trainees/<int:pk>/deliverables/<int:deliverable>/comment/",
        mentors.DeliverableCommentView.as_view(),
        name="deliverable_comment",
    ),
    path("cohorts/<int:cohort>/teams/", mentors.TeamListView.as_view(), name="teams"),
    path("cohorts/<int:cohort>/teams/new/", mentors.TeamCreateView.as_view(), name="team_new"),
    path(
        "cohorts/<int:cohort>/mentors/new/",
        mentors.ExternalMentorView.as_view(),
        name="external_mentor",
    ),
    path("teams/<int:pk>/", mentors.TeamChangeView.as_view(), name="team"),
    path("teams/<int:pk>/dissolve/", mentors.TeamDissolveView.as_view(), name="team_dissolve"),
    path("teams/<int:pk>/sessions/new/", mentors.SessionCreateView.as_view(), name="session_new"),
    # personal development plans and comments (views/plans.py)
    path("trainees/<int:pk>/plan/", plans.PlanView.as_view(), name="plan"),
    path("trainees/<int:pk>/plan/edit/", plans.PlanEditView.as_view(), name="plan_edit"),
    *(
        path(
            f"trainees/<int:pk>/plan/{action}/",
            plans.PlanActionView.as_view(action=action),
            name=f"plan_{action}",
        )
        for action in ("submit", "revise", "approve", "return", "comment", "progress")
    ),
    path(
        "programmes/<int:programme>/plans/",
        plans.PlansWaitingView.as_view(),
        name="plans_waiting",
    ),
    # leave requests, roll call and session codes (views/leave.py)
    path("leave/", leave.MyLeaveView.as_view(), name="my_leave"),
    path("leave/ask/<int:activity>/", leave.AskLeaveView.as_view(), name="ask_leave"),
    path("leave/<int:pk>/withdraw/", leave.WithdrawLeaveView.as_view(), name="withdraw_leave"),
    path("leave/<int:pk>/decide/", leave.DecideLeaveView.as_view(), name="decide_leave"),
    path("sign-in/", leave.SignInView.as_view(), name="sign_in"),
    path("<slug:slug>/leave/", leave.LeaveRequestsView.as_view(), name="leave_requests"),
    path("<slug:slug>/sessions/", leave.SessionsView.as_view(), name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/", leave.RollCallView.as_view(), name="roll_call"),
    path("<slug:slug>/sessions/<int:pk>/code/", leave.OpenCodeView.as_view(), name="open_code"),
    path(
        "<slug:slug>/sessions/<int:pk>/code/close/",
        leave.CloseCodeView.as_view(),
        name="close_code",
    ),
    path("<slug:slug>/sessions/<int:pk>/close/", leave.CloseRollView.as_view(), name="close_roll"),
    # removal cases and replacements (views/removal.py)
    path("<slug:slug>/removal/", removal.RemovalListView.as_view(), name="removal_list"),
    path(
        "<slug:slug>/removal/open/<int:trainee>/",
        removal.OpenCaseView.as_view(),
        name="removal_open",
    ),
    path("removal/", removal.VisibleCasesView.as_view(), name="removal_cases"),
    path("removal/<int:pk>/", removal.CaseView.as_view(), name="removal_case"),
    path("removal/<int:pk>/answer/", removal.AnswerView.as_view(), name="removal_answer"),
    path("removal/<int:pk>/decide/", removal.DecideView.as_view(), name="removal_decide"),
    path(
        "<slug:slug>/cohorts/<int:number>/replacement/",
        removal.ReplacementView.as_view(),
        name="replacement",
    ),
    path(
        "<slug:slug>/replacements/<int:pk>/withdraw/",
        removal.WithdrawView.as_view(),
        name="replacement_withdraw",
    ),
    path(
        "replacements/<int:pk>/notice/",
        removal.ReplacementNoticeView.as_view(),
        name="replacement_notice",
    ),
    # completion, transcripts, the credit file (views/completion.py)
    path(
        "cohorts/<int:pk>/completion/",
        completion.CohortCompletionView.as_view(),
        name="completion",
    ),
    path("trainees/<int:pk>/evaluation/", completion.EvaluationView.as_view(), name="evaluation"),
    path("trainees/<int:pk>/transcript/", completion.TranscriptView.as_view(), name="transcript"),
    path(
        "trainees/<int:pk>/transcript.pdf",
        completion.TranscriptPdfView.as_view(),
        name="transcript_pdf",
    ),
    path(
        "transcripts/verify/<str:code>/",
        completion.TranscriptVerifyView.as_view(),
        name="transcript_verify",
    ),
    path("programmes/<int:pk>/credits.xlsx", completion.CreditsView.as_view(), name="credits"),
    # research projects, the research institute, the trainee's studio (views/research.py, studio.py)
    path("<slug:slug>/research/", research_views.ResearchListView.as_view(), name="research"),
    path(
        "<slug:slug>/research/institute/",
        research_views.InstituteGrantView.as_view(),
        name="institute_grants",
    ),
    path(
        "<slug:slug>/research/projects/<int:pk>/",
        research_views.ProjectView.as_view(),
        name="project",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/research/",
        research_views.TraineeResearchView.as_view(),
        name="trainee_research",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/studio/",
        studio_views.TraineeStudioView.as_view(),
        name="trainee_studio",
    ),
    path(
        "<slug:slug>/cohorts/<int:number>/studios/",
        studio_views.CohortStudiosView.as_view(),
        name="cohort_studios",
    ),
]
