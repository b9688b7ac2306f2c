"""Completion (结业, HZ-3.4.3, HZ-3.3.3): the mentors' opinion, the evaluation of the approved
plan milestone by milestone, and the centre's pass or fail for a whole cohort at once, each
with its reasons and the evidence frozen as it stood."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.accounts.roles import Role
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.programmes.models import Cohort, Trainee

from ..evidence import evidence_for, final_round
from ..models import Completion, MentorOpinion, Milestone, MilestoneVerdict
from ..transcript import certificates_of

PASS, FAIL = Completion.Result.PASS, Completion.Result.FAIL


def default_pass_reason() -> str:
    return _("完成培训任务，综合考核合格，准予结业。")


def _scope(trainee: Trainee) -> str:
    school = trainee.principal.school
    return school.region_id if school else ""


def _lock_trainee(trainee: Trainee) -> Trainee:
    return (
        Trainee.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "principal__school", "principal__user")
        .get(pk=trainee.pk)
    )


def _refuse_removed(trainee: Trainee) -> None:
    if trainee.status == Trainee.Status.REMOVED:
        raise ValidationError(_("%(name)s 已被淘汰，不参加结业审核") % {"name": trainee})


@transaction.atomic
def write_opinion(*, actor: Actor, trainee: Trainee, text: str) -> MentorOpinion:
    """The lead mentor writes (or rewrites) the team's opinion of the trainee, until the
    centre has decided."""
    require(actor, "training.write_opinion", trainee)
    trainee = _lock_trainee(trainee)
    _refuse_removed(trainee)
    if Completion.objects.filter(trainee=trainee).exists():
        raise ValidationError(_("结业审核已经决定，导师团队意见不能再修改"))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写导师团队意见")})
    before = MentorOpinion.objects.filter(trainee=trainee).first()
    opinion, _created = MentorOpinion.objects.update_or_create(
        trainee=trainee,
        defaults={
            "text": text,
            "written_at": timezone.now(),
            "written_by": actor.user,
            "author_name": display_name(actor),
        },
    )
    record(
        actor=actor,
        verb=Verb.UPDATE if before else Verb.CREATE,
        target=opinion,
        scope_code=_scope(trainee),
        changes={"text": [before.text if before else None, text]},
    )
    return opinion


@transaction.atomic
def judge_milestone(
    *, actor: Actor, trainee: Trainee, milestone: Milestone, level: str, note: str = ""
) -> MilestoneVerdict:
    """The centre or a mentor judges one milestone of the trainee's approved plan (HZ-3.3.3);
    a second judgement replaces the first until the centre has decided completion."""
    require(actor, "training.judge_milestones", trainee)
    trainee = _lock_trainee(trainee)
    _refuse_removed(trainee)
    if Completion.objects.filter(trainee=trainee).exists():
        raise ValidationError(_("结业审核已经决定，里程碑评价不能再修改"))
    plan = getattr(trainee, "plan", None)
    if plan is None or plan.approved_id is None or milestone.version_id != plan.approved_id:
        raise ValidationError(_("只能评价已批准的个人发展规划中的里程碑"))
    if level not in MilestoneVerdict.Level.values:
        raise ValidationError({"level": _("请选择达成情况")})
    before = MilestoneVerdict.objects.filter(plan=plan, milestone=milestone).first()
    verdict, _created = MilestoneVerdict.objects.update_or_create(
        plan=plan,
        milestone=milestone,
        defaults={
            "level": level,
            "note": (note or "").strip(),
            "judged_at": timezone.now(),
            "judged_by": actor.user,
        },
    )
    record(
        actor=actor,
        verb=Verb.UPDATE if before else Verb.CREATE,
        target=verdict,
        scope_code=_scope(trainee),
        changes={"level": [before.level if before else None, level]},
    )
    return verdict


@dataclass(frozen=True)
class Choice:
    result: str  # pass or fail
    reason: str = ""


@transaction.atomic
def decide_cohort(
    *, actor: Actor, cohort: Cohort, choices: Mapping[int, Choice]
) -> list[Completion]:
    """The centre's pass or fail for trainees of the cohort (trainee pk → choice), each with a
    reason (a pass may take the default text; a fail needs a written one). Writes or corrects
    each ``Completion`` with the evidence frozen as now, sets a pass ``COMPLETED`` (and a
    corrected pass back to ``ACTIVE``), audits and tells the trainee and their district.
    A decision whose certificate has been issued is no longer corrected here."""
    require(actor, "training.decide_completion", cohort)
    if not choices:
        raise ValidationError(_("请至少为一名培养人选作出结论"))
    trainees = list(
        Trainee.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, pk__in=list(choices))
        .select_related("principal__school", "principal__user", "cohort__programme")
        .order_by("pk")
    )
    if len(trainees) != len(choices):
        raise ValidationError(_("所选人员不全是本培训班的培养人选"))
    errors = {}
    for trainee in trainees:
        choice = choices[trainee.pk]
        if trainee.status == Trainee.Status.REMOVED:
            errors[trainee.pk] = _("已被淘汰，不能作结业结论")
        elif choice.result not in (PASS, FAIL):
            errors[trainee.pk] = _("请选择合格或不合格")
        elif choice.result == FAIL and not choice.reason.strip():
            errors[trainee.pk] = _("不合格须写明理由")
    certified = certificates_of([t.pk for t in trainees])
    for pk in certified:
        errors.setdefault(pk, _("结业证书已颁发，结论不能再更改；如需撤销，请撤销证书"))
    if errors:
        raise ValidationError(
            [f"{t}: {errors[t.pk]}" for t in trainees if t.pk in errors], code="rows"
        )
    round_ = final_round(cohort)
    cases = {}
    if round_ is not None:
        cases = {c.trainee_id: c for c in round_.cases.filter(trainee_id__in=list(choices))}
    evidence = evidence_for(cohort, trainees, round_)
    existing = {c.trainee_id: c for c in Completion.objects.filter(trainee__in=trainees)}
    now = timezone.now()
    done = []
    for trainee in trainees:
        choice = choices[trainee.pk]
        reason = choice.reason.strip() or default_pass_reason()
        frozen = evidence[trainee.pk]
        before = existing.get(trainee.pk)
        old_result, old_reason = (before.result, before.reason) if before else (None, None)
        values = {
            "case": cases.get(trainee.pk),
            "evidence": frozen,
            "mentor_opinion": (frozen.get("mentor_opinion") or {}).get("text", ""),
            "result": choice.result,
            "reason": reason,
            "decided_at": now,
            "decided_by": actor.user,
        }
        if before is None:
            completion = Completion.objects.create(trainee=trainee, **values)
        else:
            for field, value in values.items():
                setattr(before, field, value)
            before.save()
            completion = before
        status = Trainee.Status.COMPLETED if choice.result == PASS else Trainee.Status.ACTIVE
        changes = {"result": [old_result, choice.result], "reason": [old_reason, reason]}
        if trainee.status != status:
            changes["status"] = [trainee.status, status]
            trainee.status = status
            trainee.save(update_fields=["status"])
        if before is None or old_result != choice.result or old_reason != reason:
            record(
                actor=actor,
                verb=Verb.UPDATE if before else Verb.CREATE,
                target=completion,
                scope_code=_scope(trainee),
                changes=changes,
                note=_("更正结业结论") if before else "",
            )
            _tell(trainee, completion, corrected=before is not None)
        done.append(completion)
    return done


def _tell(trainee: Trainee, completion: Completion, *, corrected: bool) -> None:
    from django.urls import reverse

    result = str(completion.get_result_display())
    title = (
        _("%(name)s 的结业结论已更正：%(result)s")
        if corrected
        else _("%(name)s 的结业审核结论：%(result)s")
    ) % {"name": trainee.principal.name, "result": result}
    region = _scope(trainee)
    officers = User.objects.filter(
        is_active=True, grants__role=Role.DISTRICT_OFFICER, grants__region_id=region
    ).distinct()
    notify(
        users=[trainee.principal.user, *officers],
        title=title,
        body=completion.reason[:200],
        url=reverse("training:transcript", args=[trainee.pk]),
    )


@transaction.atomic
def export_transcript(*, actor: Actor, trainee: Trainee) -> bytes:
    """The trainee's transcript as a PDF (HZ-4.2.4.1), audited as an export."""
    from touyan.audit.services import record_export

    from ..transcript import transcript_pdf

    require(actor, "training.view_transcript", trainee)
    pdf = transcript_pdf(trainee)
    record_export(
        actor=actor,
        what=_("培训档案（%(name)s）") % {"name": trainee.principal.name},
        count=1,
        unit=_("份"),
        target=trainee,
        scope_code=_scope(trainee),
    )
    return pdf
