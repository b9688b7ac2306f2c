"""The workflows of a round and of its cases, each in one table.

A round: hosts prepare → experts score → the authority decides → published (locked).
A case: prepared by its host → submitted (the dossier frozen) → scored → decided. Rounds graded
directly by the host or the centre go from prepared or submitted straight to decided.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import Case, Round

R = Round.Stage
C = Case.Status


def _round_scope(round_: Round) -> str:
    return round_.programme.jurisdiction_id


def _case_scope(case: Case) -> str:
    return case.round.programme.jurisdiction_id


ROUND = Workflow(
    Round,
    field="stage",
    steps={
        "prepare": step(R.PREPARING),  # edit subjects, window, panel
        "start_scoring": step(R.PREPARING, to=R.SCORING),
        "score": step(R.SCORING),
        "close_scoring": step(R.SCORING, to=R.DECIDING),
        "decide": step(R.DECIDING),
        "publish": step(R.DECIDING, to=R.PUBLISHED),
        "review": step(R.PUBLISHED),  # review requests (复核) and their decisions
        # Rounds graded by the host or the centre: members answer surveys, subjects are graded
        # while preparing, and the centre publishes straight from there.
        "answer_survey": step(R.PREPARING),
        "grade_directly": step(R.PREPARING),
        "publish_directly": step(R.PREPARING, to=R.PUBLISHED),
    },
    stamp=Stamp(who="publisher_name", when="published_at", states=frozenset({R.PUBLISHED})),
    already=_("考核结果已于 %(when)s 由 %(who)s 公布，本次操作未执行"),
    current=_("考核轮次当前为“%(status)s”，本次操作未执行"),
    related=("programme",),
    scope=_round_scope,
)

CASE = Workflow(
    Case,
    steps={
        "edit": step(
            C.PREPARING,
            refused={C.SUBMITTED: _("材料已提交并封存，不能再修改")},
        ),
        "submit": step(C.PREPARING, to=C.SUBMITTED),
        "score": step(C.SUBMITTED),
        "complete_scoring": step(C.SUBMITTED, to=C.SCORED),
        "reconsider": step(C.SCORED, to=C.SUBMITTED),  # moderation reopens one expert's score
        "decide": step(C.SCORED, to=C.DECIDED),
        "grade_directly": step(C.PREPARING, C.SUBMITTED, to=C.DECIDED),
        "redecide": step(C.DECIDED),  # moderation before publication, a review's new grade
    },
    stamp=Stamp(who="decider_name", when="decided_at", states=frozenset({C.DECIDED})),
    already=_("已由 %(who)s 于 %(when)s 审定，本次操作未重复执行"),
    current=_("考核材料当前为“%(status)s”，本次操作未执行"),
    related=("round__programme",),
    scope=_case_scope,
)
