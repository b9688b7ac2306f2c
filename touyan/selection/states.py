"""The workflows of selection, each in one table: an application's status, a call's stage, a
district's batch and an objection's handling. Services take their steps through these tables under a row lock, so
two people doing the same thing at once get one change and one clear message; rules ask them
what may be done now."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import AlreadyDone, Stamp, Workflow, step

from .models import Application, Call, DistrictBatch, Objection

S = Application.Status

# Statuses an applicant may still edit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Statuses that have left the first review with a yes.
FORWARDED = frozenset({S.ENDORSED, S.SELECTED, S.NOT_SELECTED, S.CONFIRMED, S.STRUCK})

APPLICATION = Workflow(
    Application,
    steps={
        "edit": step(*EDITABLE, refused=_("申报已提交（%(status)s），不能再修改")),
        # Before the first review has said no: a rejected application ranks no studios.
        "choose": step(S.DRAFT, S.RETURNED, S.SUBMITTED, S.ENDORSED),
        "submit": step(*EDITABLE, to=S.SUBMITTED),
        "return": step(S.SUBMITTED, to=S.RETURNED),
        "reject": step(S.SUBMITTED, to=S.REJECTED),
        "endorse": step(S.SUBMITTED, to=S.ENDORSED),
        "select": step(S.ENDORSED, S.NOT_SELECTED, to=S.SELECTED),
        "decline": step(S.ENDORSED, S.SELECTED, to=S.NOT_SELECTED),
        "confirm": step(S.SELECTED, to=S.CONFIRMED),
        "strike": step(S.SELECTED, to=S.STRUCK),
        # Member calls: the published allocation places an approved applicant in a studio.
        "place": step(S.ENDORSED, to=S.CONFIRMED),
    },
    stamp=Stamp(
        who="reviewer_name",
        when="reviewed_at",
        states=frozenset({S.ENDORSED, S.REJECTED, S.RETURNED}),
    ),
    already=_("该申报已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("该申报当前为“%(status)s”，本次操作未执行"),
    related=("call__programme__policy_version", "principal__school"),
    scope=lambda application: application.district_id,
    touched="updated_at",
)

C = Call.Stage

# A call moves forward only at the centre's hand: a step out of stage is a mistake, not a race.
CALL = Workflow(
    Call,
    field="stage",
    steps={
        "publish": step(C.DRAFT, to=C.OPEN),
        "start_review": step(C.OPEN, to=C.REVIEW),
        # A call without expert review goes from the applications straight to the decision.
        "skip_review": step(C.OPEN, to=C.DECISION),
        "close_review": step(C.REVIEW, to=C.DECISION),
        "publish_notice": step(C.DECISION, to=C.NOTICE),
        "finalise": step(C.NOTICE, to=C.FINAL),
        # Member calls: the published allocation is the final list.
        "publish_allocation": step(
            C.DECISION, to=C.FINAL, refused=_("遴选不在审定阶段，不能发布分配结果")
        ),
        # Steps taken within a stage.
        "edit": step(C.DRAFT, C.OPEN),
        "apply": step(C.OPEN),
        "first_review": step(C.OPEN),
        "expert_review": step(C.REVIEW),
        "decide": step(C.DECISION),
        "allocate": step(C.DECISION, refused=_("申报截止并完成资格审核、进入审定阶段后才能分配")),
        "handle_objection": step(C.NOTICE),
    },
    current=_("遴选当前处于“%(stage)s”阶段，不能进行这一步"),
    refusal=ValidationError,
    related=("programme__policy_version",),
    scope=lambda call: call.programme.jurisdiction_id,
)

OBJECTION = Workflow(
    Objection,
    steps={
        "uphold": step(Objection.Status.PENDING, to=Objection.Status.UPHELD),
        "dismiss": step(Objection.Status.PENDING, to=Objection.Status.DISMISSED),
    },
    current=_("该异议已处理"),
    related=("notice__call__programme",),
    scope=lambda objection: objection.notice.call.programme.jurisdiction_id,
)

B = DistrictBatch.Status
SENT = _("本区县已于 %(when)s 报送，不能再修改")

# A district's batch: reviewed and ranked while open, sent to the city once.
BATCH = Workflow(
    DistrictBatch,
    steps={
        "work": step(B.OPEN, refused=SENT, kind=AlreadyDone),
        "submit": step(B.OPEN, to=B.SUBMITTED, refused=SENT),
    },
    stamp=Stamp(who="submitter_name", when="submitted_at", states=frozenset({B.SUBMITTED})),
    scope=lambda batch: batch.district_id,
)
