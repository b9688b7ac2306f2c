from django.urls import path

from .views import decisions, direct, expert, host, member, office, outputs, reviews

app_name = "assessment"

# Each audience's views add their paths to their own section.
urlpatterns: list = [
    # the centre and the authority: rounds, panels, moderation, decisions (views/office.py)
    path("", office.RoundsView.as_view(), name="rounds"),
    path("programmes/<slug:slug>/open/", office.OpenRoundView.as_view(), name="open_round"),
    path("rounds/<int:pk>/", office.RoundView.as_view(), name="round"),
    path("rounds/<int:pk>/panel/", office.PanelView.as_view(), name="panel"),
    path("cases/<int:pk>/", office.CaseView.as_view(), name="case"),
    # the authority's decisions and publication; results; review requests (复核)
    path("rounds/<int:pk>/decisions/", decisions.DecisionsView.as_view(), name="decisions"),
    path("rounds/<int:pk>/publish/", decisions.PublishView.as_view(), name="publish"),
    path("cases/<int:pk>/result/", decisions.ResultView.as_view(), name="result"),
    path("cases/<int:pk>/review/", reviews.RequestReviewView.as_view(), name="request_review"),
    path("reviews/", reviews.ReviewListView.as_view(), name="reviews"),
    path("reviews/<int:pk>/", reviews.ReviewView.as_view(), name="review"),
    path("reviews/scores/<int:pk>/", reviews.ReviewScoreView.as_view(), name="review_score"),
    # experts: their cases and the scoring form (views/expert.py)
    path("expert/", expert.MyCasesView.as_view(), name="expert_cases"),
    path("expert/scores/<int:pk>/", expert.ScoreView.as_view(), name="expert_score"),
    # hosts: dossiers, self-reports, documents, submission, review requests (views/host.py)
    path("mine/", host.MyCasesView.as_view(), name="mine"),
    path("cases/<int:pk>/dossier/", host.CaseDossierView.as_view(), name="dossier"),
    path("cases/<int:pk>/dossier/self-report/", host.SelfReportView.as_view(), name="self_report"),
    path("cases/<int:pk>/dossier/documents/", host.AddDocumentView.as_view(), name="add_document"),
    path(
        "cases/<int:pk>/dossier/documents/<int:document>/remove/",
        host.RemoveDocumentView.as_view(),
        name="remove_document",
    ),
    path(
        "cases/<int:pk>/documents/<int:document>/",
        host.CaseDocumentView.as_view(),
        name="case_document",
    ),
    path("cases/<int:pk>/dossier/refresh/", host.RefreshView.as_view(), name="refresh_dossier"),
    path("cases/<int:pk>/dossier/submit/", host.SubmitView.as_view(), name="submit_case"),
    # members: the survey (views/member.py)
    path("survey/", member.SurveyListView.as_view(), name="surveys"),
    path("survey/<int:pk>/", member.SurveyView.as_view(), name="survey"),
    path("survey/<int:pk>/thanks/", member.SurveyThanksView.as_view(), name="survey_thanks"),
    path("results/", member.ResultsView.as_view(), name="results"),
    # hosts grading their members, centre grading trainees (views/direct.py)
    path("rounds/<int:pk>/grade/", direct.GradeView.as_view(), name="grade"),
    path("rounds/<int:pk>/grade/publish/", direct.PublishView.as_view(), name="publish_grades"),
    # outputs: results workbook, case report PDF (views/outputs.py)
    path(
        "rounds/<int:pk>/results.xlsx",
        outputs.RoundResultsSheetView.as_view(),
        name="results_sheet",
    ),
    path("cases/<int:pk>/report.pdf", outputs.CaseReportView.as_view(), name="case_report"),
]
