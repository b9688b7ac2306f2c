from django.urls import path

from .views import expert, office

app_name = "assessment"

# Each audience's views add their paths to their own section.
urlpatterns: list = [
    # the centre and the authority: rounds, panels, moderation, decisions (views/office.py)
    path("", office.RoundsView.as_view(), name="rounds"),
    path("programmes/<slug:slug>/open/", office.OpenRoundView.as_view(), name="open_round"),
    path("rounds/<int:pk>/", office.RoundView.as_view(), name="round"),
    path("rounds/<int:pk>/panel/", office.PanelView.as_view(), name="panel"),
    path("cases/<int:pk>/", office.CaseView.as_view(), name="case"),
    # experts: their cases and the scoring form (views/expert.py)
    path("expert/", expert.MyCasesView.as_view(), name="expert_cases"),
    path("expert/scores/<int:pk>/", expert.ScoreView.as_view(), name="expert_score"),
    # hosts: dossiers, self-reports, documents, submission, review requests (views/host.py)
    # members: the survey (views/member.py)
    # hosts grading their members, centre grading trainees (views/direct.py)
    # outputs: results workbook, case report PDF (views/outputs.py)
]
