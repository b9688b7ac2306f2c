"""Opening a round from the policy: its period from the calendar, its subjects, its frozen rubric."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.calendar import Period
from touyan.programmes.models import Cohort, Programme, StudioMember, Trainee
from touyan.programmes.policy import calendar_of, spec_of

from ..models import Case, Round, Subjects, SurveyInvitation
from ..rubric import freeze
from .dossiers import enqueue_assembly


def periods_for(programme: Programme, code: str, *, cohort: Cohort | None = None) -> list[Period]:
    """The calendar periods a round of this kind may cover: for a round by stage, only its
    stage."""
    return _periods(programme, _spec(programme, code), cohort)


def _periods(programme: Programme, spec, cohort: Cohort | None) -> list[Period]:
    periods = calendar_of(programme, cohort=cohort).periods(spec.period)
    if spec.period != "stage":
        return periods
    stages = spec_of(programme).calendar.stages
    index = next((i for i, stage in enumerate(stages) if stage.code == spec.stage), None)
    return [p for p in periods if p.index == index]


@transaction.atomic
def open_round(
    *,
    actor: Actor,
    programme: Programme,
    code: str,
    period: str,
    opens_on: dt.date,
    closes_on: dt.date,
    cohort: Cohort | None = None,
) -> Round:
    """Open the round ``code`` of the programme's policy over the calendar period whose key is
    ``period`` (``year-1``, ``semester-2``, ``cycle-1``), with one case per subject current at
    the period's end, and, for survey rounds, a survey invitation per current member. The
    cases' dossiers are assembled by the task queue (``assessment.assemble_dossiers``)."""
    require(actor, "programmes.manage_programme", programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    spec = _spec(programme, code)
    if spec.subjects == Subjects.TRAINEES:
        if cohort is None or cohort.programme_id != programme.pk:
            raise ValidationError({"cohort": _("培养人选的考核须指定本项目的培训班")})
    elif cohort is not None:
        raise ValidationError({"cohort": _("只有培养人选的考核才指定培训班")})
    chosen = next((p for p in _periods(programme, spec, cohort) if p.key == period), None)
    if chosen is None:
        raise ValidationError({"period": _("项目日历中没有这一考核期")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("提交截止日期不能早于开始日期")})
    same = Round.objects.filter(
        programme=programme, cohort=cohort, code=code, period_starts=chosen.start
    )
    if same.exists():
        raise ValidationError({"period": _("这一考核期的%(name)s已经开启") % {"name": spec.name}})
    assessment = spec_of(programme).assessment
    round_ = Round.objects.create(
        programme=programme,
        cohort=cohort,
        code=code,
        name=f"{spec.name}（{chosen.label}）",
        subjects=spec.subjects,
        assessed_by=spec.assessed_by,
        survey=spec.survey,
        period_starts=chosen.start,
        period_ends=chosen.end,
        opens_on=opens_on,
        closes_on=closes_on,
        policy_version=programme.policy_version,
        rubric=freeze(assessment, spec),
        created_by=actor.user,
    )
    cases = Case.objects.bulk_create(_cases(round_, chosen, cohort), batch_size=1000)
    if round_.survey:
        SurveyInvitation.objects.bulk_create(_invitations(cases, chosen), batch_size=2000)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=round_,
        scope_code=programme.jurisdiction_id,
        changes={"subjects": [None, len(cases)], "period": [None, chosen.key]},
    )
    # The job row commits with the round; the queue receives it after the commit.
    enqueue_assembly(actor=actor, round_=round_)
    return round_


def _spec(programme: Programme, code: str):
    assessment = spec_of(programme).assessment
    spec = assessment.round(code) if assessment else None
    if spec is None:
        raise ValidationError({"code": _("本项目的政策中没有这一考核类别")})
    return spec


def _current_members(programme: Programme, on: dt.date):
    return StudioMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        studio__programme=programme,
        studio__revoked_on__isnull=True,
        joined_on__lte=on,
    )


def _cases(round_: Round, period: Period, cohort: Cohort | None) -> list[Case]:
    on = period.end
    if round_.subjects == Subjects.STUDIOS:
        studios = round_.programme.studios.filter(revoked_on__isnull=True).order_by("pk")
        return [Case(round=round_, studio_id=pk) for pk in studios.values_list("pk", flat=True)]
    if round_.subjects == Subjects.MEMBERS:
        members = _current_members(round_.programme, on).order_by("studio_id", "pk")
        return [
            Case(round=round_, studio_id=studio, member_id=member)
            for member, studio in members.values_list("pk", "studio_id")
        ]
    trainees = Trainee.objects.filter(cohort=cohort, status=Trainee.Status.ACTIVE).order_by("pk")
    return [Case(round=round_, trainee_id=pk) for pk in trainees.values_list("pk", flat=True)]


def _invitations(cases: list[Case], period: Period) -> list[SurveyInvitation]:
    by_studio = {case.studio_id: case for case in cases}
    members = _current_members(cases[0].round.programme, period.end) if cases else []
    return [
        SurveyInvitation(case=by_studio[studio], principal_id=principal)
        for studio, principal in members.values_list("studio_id", "principal_id")
        if studio in by_studio
    ]
