"""Changing and publishing an allocation run: a member moved by hand (with the reason and the
objective's change), a run repeated to show it gives the same answer, the run published."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.transitions import AlreadyDone
from touyan.notifications.services import notify
from touyan.programmes import services as programmes
from touyan.programmes.models import Studio
from touyan.selection.models import Application
from touyan.selection.states import APPLICATION, CALL

from .inputs import application_pk
from .models import Move, Run
from .outcome import Outcome
from .problem import problem_from_data
from .result import result_document
from .solver import solve
from .states import RUN
from .wording import explanations

S = Application.Status


def _require_open(run: Run) -> None:
    RUN.check(run, "adjust")
    if run.call.allocation_runs.filter(published_at__isnull=False).exists():
        raise AlreadyDone(_("本次申报的分配结果已经发布"))


@transaction.atomic
def move_member(
    *, actor: Actor, run: Run, applicant: str, studio: Studio | None, reason: str
) -> Move:
    """Put one applicant in another studio (or none) by hand. Locked members do not move;
    a studio may go above its maximum only this way, and the reason says why."""
    run = RUN.lock(run)
    require(actor, "selection.decide", run.call)
    _require_open(run)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("人工调整必须写明理由")})
    outcome = Outcome(run)
    position = outcome.positions.get(applicant)
    if position is None:
        raise ValidationError(_("这一方案中没有这位申请人"))
    entry = outcome.problem.applicants[position]
    if entry.locked is not None:
        raise ValidationError(_("延续成员固定在原工作室，不能调整"))
    current = outcome.assignments.get(applicant)
    target = None if studio is None else studio.pk
    if current == target:
        raise ValidationError(_("已在该工作室，无需调整"))
    if target is not None:
        if target not in outcome.index:
            raise ValidationError(_("该工作室不在本方案中"))
        if not outcome.problem.studios[outcome.index[target]].stages & entry.stages:
            raise ValidationError(_("学段不匹配，不能调整到该工作室"))
    before, after = outcome.objective, outcome.objective_if(applicant, target)
    moved = Move.objects.create(
        run=run,
        applicant=applicant,
        from_studio_id=current,
        to_studio_id=target,
        reason=reason,
        objective_before=before,
        objective_after=after,
        moved_by=actor.user,
        mover_name=display_name(actor),
    )
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=run,
        scope_code=run.call.programme.jurisdiction_id,
        changes={applicant: [current, target], "objective": [before, after]},
        note=reason,
    )
    return moved


def repeat_run(*, run: Run) -> bool:
    """Solve the kept problem again and compare with the kept result, byte for byte."""
    allocation = solve(problem=problem_from_data(data=run.problem))
    again = result_document(allocation=allocation, explanations=explanations(allocation=allocation))
    return json.dumps(again, sort_keys=True) == json.dumps(run.result, sort_keys=True)


def moved_note(move_: Move, studio_name: str) -> str:
    if move_.to_studio_id is None:
        return _("经人工调整未分配：%(reason)s") % {"reason": move_.reason}
    return _("经人工调整分配到“%(studio)s”：%(reason)s") % {
        "studio": studio_name,
        "reason": move_.reason,
    }


@transaction.atomic
def publish_run(*, actor: Actor, run: Run, today: dt.date | None = None) -> Run:
    """Make the run the call's allocation: placed applicants join their studios, the others
    are told why not, the call ends. A second publish finds it done and changes nothing."""
    call = CALL.lock(run.call)
    run = RUN.lock(run)
    require(actor, "selection.decide", call)
    _require_open(run)
    CALL.check(call, "publish_allocation")
    today = today or timezone.localdate()
    outcome = Outcome(run)
    studios = {s.pk: s for s in Studio.objects.filter(programme=call.programme)}
    last_moves = outcome.last_moves
    # A studio goes above its maximum only by a manual move, whose reason stands for it.
    over_limit_reasons = {m.to_studio_id: m.reason for m in last_moves.values() if m.to_studio_id}
    # Every application the run places or leaves out, locked at once.
    applications = {
        a.pk: a
        for a in APPLICATION.lock_all(
            Application.objects.filter(call=call, status=S.ENDORSED).select_related(
                "principal__user"
            )
        )
    }
    placed, left_out = [], []
    for applicant in outcome.problem.applicants:
        identifier = str(applicant.id)
        application = applications.get(application_pk(identifier))
        if application is None:
            continue  # a continuing member who did not apply: already in the studio
        studio_pk = outcome.assignments.get(identifier)
        studio = studios.get(studio_pk)
        if identifier in last_moves:
            note = moved_note(last_moves[identifier], studio.name if studio else "")
        else:
            note = outcome.explanation(identifier)
        fields = {"placement_note": note, "placed_studio": studio}
        if studio is None:
            APPLICATION.move(
                actor=actor, obj=application, action="decline", note=note, fields=fields
            )
            left_out.append(application)
            continue
        if applicant.locked is None:
            programmes.add_member(
                actor=actor,
                studio=studio,
                principal=application.principal,
                joined_on=today,
                over_limit_reason=over_limit_reasons.get(studio.pk, ""),
            )
        APPLICATION.move(actor=actor, obj=application, action="place", note=note, fields=fields)
        placed.append(application)
    now = timezone.now()
    run.published_at, run.published_by = now, actor.user
    run.save(update_fields=["published_at", "published_by"])
    CALL.move(
        actor=actor,
        obj=call,
        action="publish_allocation",
        note=_("发布分配方案 #%(n)d：分配 %(placed)d 人，未分配 %(out)d 人")
        % {"n": run.number, "placed": len(placed), "out": len(left_out)},
    )
    for application in placed + left_out:
        notify(
            users=[application.principal.user],
            title=_("“%(call)s”分配结果已发布") % {"call": call.title},
            body=application.placement_note,
            url=reverse("selection:application", args=[application.pk]),
        )
    for studio in {a.placed_studio for a in placed}:
        notify(
            users=[getattr(studio.host, "user", None)],
            title=_("“%(studio)s”的成员已确定") % {"studio": studio.name},
            body="",
            url=reverse("programmes:studio", args=[call.programme.slug, studio.pk]),
        )
    return run
