from django.urls import path

from .views import completion, leave, removal

app_name = "training"

# Each part of the course adds its paths to its own section, from its own views module.
urlpatterns: list = [
    # mentor teams, the mentor's workspace, mentoring sessions (views/mentors.py)
    # personal development plans and comments (views/plans.py)
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
]
