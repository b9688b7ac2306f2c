app_name = "assessment"

# Each audience's views add their paths to their own section.
urlpatterns: list = [
    # the centre and the authority: rounds, panels, moderation, decisions (views/office.py)
    # experts: their cases and the scoring form (views/expert.py)
    # hosts: dossiers, self-reports, documents, submission, review requests (views/host.py)
    # members: the survey (views/member.py)
    # hosts grading their members, centre grading trainees (views/direct.py)
    # outputs: results workbook, case report PDF (views/outputs.py)
]
