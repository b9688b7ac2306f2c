"""Removal cases (淘汰审议, HZ-3.4.1, HZ-3.4.3): opened by the compliance engine's verdicts
whose rule says ``removal_review``, by a failed process assessment, or by the centre on grounds
3–4; the trainee and their district are told and the trainee may answer within the policy's
days; the centre decides — remove, or keep with a warning — with reasons.

The same facts never open a second case: one open case per trainee is a database constraint,
and after a 'keep' decision a case opens again only on evidence the kept cases did not hold
(``RemovalCase.basis``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.notifications.services import notify
from touyan.programmes.models import Programme, Trainee
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programme_managers
from touyan.regions.codes import parent_candidates

from ..models import MentorTeam, RemovalCase
from ..states import REMOVAL

G = RemovalCase.Ground
S = RemovalCase.State
DEFAULT_ANSWER_DAYS = 7
# The ground a removal_review rule opens a case on, by the rule's kind.
GROUND_OF_KIND = {"unexcused_absence": G.UNEXCUSED_ABSENCE, "absence_ratio": G.ABSENCE_RATIO}
BY_HAND = (G.TASKS_OR_ASSESSMENT, G.OTHER)


def answer_days(programme: Programme) -> int:
    training = spec_of(programme).training
    return training.removal_answer_days if training else DEFAULT_ANSWER_DAYS


def district_officers(trainee: Trainee):
    """The district officers of the district (or a region above it) of the trainee's school."""
    region = trainee.principal.school.region_id
    grants = RoleGrant.objects.filter(
        role=Role.DISTRICT_OFFICER, region_id__in={region, *parent_candidates(region)}
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))


def case_url(case: RemovalCase) -> str:
    return reverse("training:removal_case", args=[case.pk])


# Opening ---------------------------------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    trainee: Trainee,
    ground: str,
    reason: str,
    rule_id: str = "",
    assessment_case=None,
    basis: dict | None = None,
    today: dt.date | None = None,
) -> RemovalCase:
    """Open a case. The centre opens one by hand on grounds 3–4 with its reason; the system
    opens them from verdicts and failed assessments (``open_due_cases``,
    ``open_for_failed_assessment``)."""
    trainee = (
        Trainee.objects.select_for_update(of=("self",))
        .select_related("principal__school", "principal__user", "cohort__programme")
        .get(pk=trainee.pk)
    )
    require(actor, "training.open_removal", trainee)
    reason = (reason or "").strip()
    if actor.user is not None and ground not in BY_HAND:
        raise ValidationError(
            {"ground": _("缺勤情形由系统根据考勤自动立案；人工立案只适用于第三、四种情形")}
        )
    if ground not in G.values:
        raise ValidationError({"ground": _("请选择淘汰情形")})
    if not reason:
        raise ValidationError({"reason": _("请写明事实与理由")})
    if problem := too_long(RemovalCase, {"reason": reason}).get("reason"):
        raise ValidationError({"reason": problem})
    if trainee.status != Trainee.Status.ACTIVE:
        raise ValidationError(_("%(name)s 当前不在培，不能立案") % {"name": trainee.principal})
    if RemovalCase.objects.filter(trainee=trainee).exclude(state=S.DECIDED).exists():
        raise ValidationError(_("%(name)s 已有未决的淘汰审议") % {"name": trainee.principal})
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            case = RemovalCase.objects.create(
                trainee=trainee,
                ground=ground,
                rule_id=rule_id,
                assessment_case=assessment_case,
                reason=reason,
                basis=basis or {},
                opened_by=actor.user,
                answer_by=today + dt.timedelta(days=answer_days(trainee.cohort.programme)),
            )
    except IntegrityError as error:  # a concurrent opening won the race
        raise ValidationError(
            _("%(name)s 已有未决的淘汰审议") % {"name": trainee.principal}
        ) from error
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=case,
        scope_code=trainee.principal.school.region_id,
        changes={"ground": [None, ground], "rule_id": [None, rule_id]},
        note=reason,
    )
    title = _("关于%(name)s的淘汰审议已立案") % {"name": trainee.principal.name}
    body = _("情形：%(ground)s。本人可在 %(date)s 前提出申辩意见。") % {
        "ground": case.get_ground_display(),
        "date": case.answer_by.isoformat(),
    }
    notify(users=[trainee.principal.user], title=title, body=body, url=case_url(case))
    notify(users=district_officers(trainee), title=title, body=body, url=case_url(case))
    return case


def _evidence_keys(cell) -> list[str]:
    keys = {
        f"{e.kind}:{e.id}:{e.date.isoformat() if e.date else ''}"
        for verdict in cell.verdicts
        if verdict.state == "missed"
        for e in verdict.evidence
    }
    return sorted(keys)


def _seen(trainee_id: int) -> dict[str, set[str]] | None:
    """What the trainee's kept cases were opened on, rule by rule; None while a case is open
    or once the trainee is no longer in training."""
    cases = RemovalCase.objects.filter(trainee_id=trainee_id).values_list("state", "basis")
    seen: dict[str, set[str]] = {}
    for state, basis in cases:
        if state != S.DECIDED:
            return None
        for rule_id, facts in (basis or {}).items():
            seen.setdefault(rule_id, set()).update(facts.get("evidence", []))
    return seen


def open_due_cases(
    *, actor: Actor, programme: Programme, as_of: dt.date, trainee_ids=None
) -> list[RemovalCase]:
    """Open a case for each trainee in training whose verdict on a ``removal_review`` rule is
    missed on facts no case has been opened on; one transaction per case, in the caller's when
    there is one. Reads the compliance engine's evaluation."""
    from touyan.compliance.engine import evaluate

    if spec_of(programme).policy.subject != "trainee":
        return []
    evaluation = evaluate(programme, as_of=as_of, subject_ids=trainee_ids)
    reviewed = [rule for rule in evaluation.rules if rule.on_missed == "removal_review"]
    if not reviewed:
        return []
    active = set(
        Trainee.objects.filter(
            cohort__programme=programme,
            status=Trainee.Status.ACTIVE,
            pk__in=[s.id for s in evaluation.subjects],
        ).values_list("pk", flat=True)
    )
    opened = []
    for subject in evaluation.subjects:
        if subject.id not in active:
            continue
        missed = {}
        for rule in reviewed:
            cell = evaluation.cells.get((subject.id, rule.id))
            if cell is not None and cell.state == "missed":
                missed[rule] = cell
        if not missed:
            continue
        seen = _seen(subject.id)
        if seen is None:
            continue
        basis = {
            rule.id: {
                "evidence": _evidence_keys(cell),
                "count": cell.verdicts[-1].count,
                "required": cell.verdicts[-1].required,
            }
            for rule, cell in missed.items()
        }
        fresh = [
            rule
            for rule in missed
            if not set(basis[rule.id]["evidence"]) <= seen.get(rule.id, set())
            or rule.id not in seen
        ]
        if not fresh:
            continue
        rule = fresh[0]
        cell = missed[rule]
        missing = next((v.missing for v in cell.verdicts if v.state == "missed"), "")
        reason = _("%(rule)s：%(missing)s") % {"rule": rule.requirement, "missing": missing}
        try:
            opened.append(
                open_case(
                    actor=actor,
                    trainee=Trainee(pk=subject.id),
                    ground=GROUND_OF_KIND.get(rule.kind, G.TASKS_OR_ASSESSMENT),
                    reason=reason[:2000],
                    rule_id=rule.id,
                    basis=basis,
                    today=as_of,
                )
            )
        except ValidationError:
            continue  # opened meanwhile by another run or by hand
    return opened


def is_failing_grade(rubric, grade: str) -> bool:
    """The scale's lowest grade, or one without the certificate where the scale has one."""
    if not grade or not rubric.grades:
        return False
    if grade == rubric.grades[-1].code:
        return True
    found = rubric.grade(grade)
    certifies = any(g.consequence == "certify" for g in rubric.grades)
    return found is not None and certifies and found.consequence != "certify"


def _is_process_round(round_) -> bool:
    from touyan.assessment.models import Subjects
    from touyan.programmes.policy import parsed

    if round_.subjects != Subjects.TRAINEES:
        return False
    assessment = parsed(round_.policy_version).assessment
    spec = assessment.round(round_.code) if assessment else None
    return spec is not None and spec.period != "cycle"


def open_for_failed_assessment(*, actor: Actor, case) -> RemovalCase | None:
    """A process assessment (过程考核) decided with a failing grade opens a case on ground 3
    (HZ-3.4.3), once per assessment case."""
    from touyan.assessment.rubric import grade_name, rubric_of

    round_ = case.round
    if case.trainee_id is None or not _is_process_round(round_):
        return None
    rubric = rubric_of(round_)
    if not is_failing_grade(rubric, case.grade):
        return None
    if RemovalCase.objects.filter(assessment_case=case).exists():
        return None
    if not Trainee.objects.filter(pk=case.trainee_id, status=Trainee.Status.ACTIVE).exists():
        return None
    if RemovalCase.objects.filter(trainee_id=case.trainee_id).exclude(state=S.DECIDED).exists():
        return None
    reason = _("%(round)s等次为%(grade)s") % {
        "round": round_.name,
        "grade": grade_name(rubric, case.grade),
    }
    if case.reason:
        reason = f"{reason}：{case.reason}"
    return open_case(
        actor=actor,
        trainee=Trainee(pk=case.trainee_id),
        ground=G.TASKS_OR_ASSESSMENT,
        reason=reason[:2000],
        assessment_case=case,
        basis={f"assessment:{case.pk}": {"evidence": [f"case:{case.pk}:{case.grade}"]}},
    )


def on_grades_published(sender, *, actor: Actor, round_, cases, **kwargs) -> None:
    """The receiver of ``assessment.consequences.grades_published``."""
    if not _is_process_round(round_):
        return
    for case in cases:
        case.round = round_
        open_for_failed_assessment(actor=Actor.system(), case=case)


# Answering and deciding ------------------------------------------------------------------------


@transaction.atomic
def answer_case(
    *, actor: Actor, case: RemovalCase, answer: str, today: dt.date | None = None
) -> RemovalCase:
    case = REMOVAL.lock(case)
    require(actor, "training.answer_removal", case)
    REMOVAL.check(case, "answer")
    today = today or timezone.localdate()
    if today > case.answer_by:
        raise ValidationError(
            _("申辩期限已于 %(date)s 届满") % {"date": case.answer_by.isoformat()}
        )
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写申辩意见")})
    if problem := too_long(RemovalCase, {"answer": answer}).get("answer"):
        raise ValidationError({"answer": problem})
    case = REMOVAL.move(
        actor=actor,
        obj=case,
        action="answer",
        fields={"answer": answer, "answered_at": timezone.now(), "answered_by": actor.user},
    )
    notify(
        users=programme_managers(case.trainee.cohort.programme),
        title=_("%(name)s 已对淘汰审议提出申辩") % {"name": case.trainee.principal.name},
        body=answer[:200],
        url=case_url(case),
    )
    return case


@transaction.atomic
def decide_case(
    *,
    actor: Actor,
    case: RemovalCase,
    decision: str,
    reason: str,
    today: dt.date | None = None,
) -> RemovalCase:
    """Remove the trainee (participation ends: they leave their mentor teams, the compliance
    engine expects no further sessions of them, their place is free) or keep them with a
    warning. Before the answer deadline only an answered case may be decided."""
    case = REMOVAL.lock(case)
    require(actor, "training.decide_removal", case)
    REMOVAL.check(case, "decide")
    today = today or timezone.localdate()
    if case.state == S.OPEN and today <= case.answer_by:
        raise ValidationError(
            _("本人可申辩至 %(date)s；期满或本人申辩后才能作出决定")
            % {"date": case.answer_by.isoformat()}
        )
    if decision not in RemovalCase.Decision.values:
        raise ValidationError({"decision": _("请选择决定")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明决定理由")})
    if problem := too_long(RemovalCase, {"decision_reason": reason}).get("decision_reason"):
        raise ValidationError({"reason": problem})
    trainee = Trainee.objects.select_for_update(of=("self",)).get(pk=case.trainee_id)
    case = REMOVAL.move(
        actor=actor,
        obj=case,
        action="decide",
        fields={
            "decision": decision,
            "decision_reason": reason,
            "decided_at": timezone.now(),
            "decided_by": actor.user,
        },
        changes={"decision": ["", decision]},
        note=reason,
    )
    if decision == RemovalCase.Decision.REMOVE:
        _remove(actor, trainee, case)
    principal = case.trainee.principal
    if decision == RemovalCase.Decision.REMOVE:
        title = _("淘汰审议决定：%(name)s 予以淘汰") % {"name": principal.name}
    else:
        title = _("淘汰审议决定：%(name)s 保留培养资格并予警告") % {"name": principal.name}
    notify(users=[principal.user], title=title, body=reason[:200], url=case_url(case))
    notify(
        users=district_officers(case.trainee), title=title, body=reason[:200], url=case_url(case)
    )
    return case


def _remove(actor: Actor, trainee: Trainee, case: RemovalCase) -> None:
    from touyan.compliance.freshness import touch

    teams = list(MentorTeam.objects.filter(trainees=trainee).values_list("pk", "name"))
    MentorTeam.trainees.through.objects.filter(trainee=trainee).delete()
    touch(trainee.cohort.programme_id)
    trainee.status = Trainee.Status.REMOVED
    trainee.save(update_fields=["status"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=trainee,
        scope_code=case.trainee.principal.school.region_id,
        changes={
            "status": [Trainee.Status.ACTIVE, Trainee.Status.REMOVED],
            "mentor_teams": [[name for _pk, name in teams], []],
        },
        note=_("淘汰审议 %(pk)s 决定淘汰") % {"pk": case.pk},
    )
