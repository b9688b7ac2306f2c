"""Writing programmes, their themes, studios, members, cohorts and trainees."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import field_changes, record, snapshot
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.text import too_long
from touyan.people.models import Principal
from touyan.policies.models import PolicyVersion

from .conditions import host_shortfalls
from .models import Cohort, LimitOverride, Programme, Studio, StudioMember, Theme, Trainee
from .policy import spec_of

PROGRAMME_FIELDS = ("slug", "name", "jurisdiction_id", "policy_version", "starts_on", "status")


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    slug: str,
    name: str,
    policy_version: PolicyVersion,
    starts_on: dt.date,
    partner_regions: list[str] | None = None,
    description: str = "",
) -> Programme:
    require(actor, "programmes.add_programme")
    new = Programme(jurisdiction_id=policy_version.policy.jurisdiction_id)
    require(actor, "programmes.manage_programme", new)
    if Programme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("标识“%(slug)s”已被其他项目使用") % {"slug": slug}})
    programme = Programme.objects.create(
        slug=slug,
        name=name,
        jurisdiction_id=policy_version.policy.jurisdiction_id,
        policy_version=policy_version,
        starts_on=starts_on,
        partner_regions=sorted(partner_regions or []),
        description=description,
        created_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=programme,
        scope_code=programme.jurisdiction_id,
        changes=field_changes({}, snapshot(programme, PROGRAMME_FIELDS)),
    )
    return programme


@transaction.atomic
def change_policy_version(
    *, actor: Actor, programme: Programme, version: PolicyVersion
) -> Programme:
    """Move a running programme to another version of its policy. Verdicts already recorded
    keep the version they were given under (compliance snapshots store it)."""
    require(actor, "programmes.change_programme", programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if version.policy_id != programme.policy_version.policy_id:
        raise ValidationError(
            {"policy_version": _("只能换用同一政策的其他版本；不同的政策请新建项目")}
        )
    if version.pk == programme.policy_version_id:
        return programme
    before = snapshot(programme, ["policy_version"])
    programme.policy_version = version
    programme.save(update_fields=["policy_version"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=programme,
        scope_code=programme.jurisdiction_id,
        changes=field_changes(before, snapshot(programme, ["policy_version"])),
    )
    return programme


@transaction.atomic
def set_theme(
    *, actor: Actor, programme: Programme, year: int, title: str, description: str = ""
) -> Theme:
    require(actor, "programmes.manage_programme", programme)
    calendar = spec_of(programme).calendar
    years = (calendar.cycle_months + 11) // 12
    if not 1 <= year <= years:
        raise ValidationError({"year": _("工作周期只有 %(years)d 年") % {"years": years}})
    theme = Theme.objects.filter(programme=programme, year=year).first()
    before = snapshot(theme, ["title", "description"]) if theme else {}
    theme, _created = Theme.objects.update_or_create(
        programme=programme, year=year, defaults={"title": title, "description": description}
    )
    changes = field_changes(before, snapshot(theme, ["title", "description"]))
    if changes:
        record(
            actor=actor,
            verb=Verb.UPDATE if before else Verb.CREATE,
            target=theme,
            scope_code=programme.jurisdiction_id,
            changes=changes,
        )
    return theme


@transaction.atomic
def create_studio(
    *,
    actor: Actor,
    programme: Programme,
    host: Principal,
    name: str = "",
    founder: Trainee | None = None,
) -> Studio:
    """A studio of ``programme`` hosted by ``host``. With ``founder``, the 名校长工作室 a trainee
    founds in a training programme (HZ-3.3.3): the trainee is its host, and founds it themself
    or the centre does it for them; one per trainee."""
    if founder is None:
        require(actor, "programmes.manage_programme", programme)
    else:
        require(actor, "programmes.found_studio", founder)
    spec = spec_of(programme)
    if founder is not None:
        if founder.cohort.programme_id != programme.pk or founder.principal_id != host.pk:
            raise ValidationError(_("工作室的主持人应是本项目的这位培养人选"))
        if founder.status == Trainee.Status.REMOVED:
            raise ValidationError(_("已淘汰的培养人选不能创办工作室"))
        Trainee.objects.select_for_update().filter(pk=founder.pk).first()
        if Studio.objects.filter(founder=founder).exists():
            raise ValidationError(
                _("%(name)s 已创办名校长工作室") % {"name": host.name}, code="already_done"
            )
    elif spec.policy.subject != "studio":
        raise ValidationError(_("这个项目按培养人选考核，不设工作室"))
    if not name:
        name = spec.naming.studio_name(host.name) if spec.naming else host.name
    if Studio.objects.filter(programme=programme, host=host).exists():
        raise ValidationError(
            {"host": _("%(name)s 已主持本项目的一个工作室") % {"name": host.name}}
        )
    touch(programme.pk)
    studio = Studio.objects.create(
        programme=programme,
        name=name,
        host=host,
        base_school=host.school,
        region=host.school.region,
        base_title=spec.naming.base_school if spec.naming else "",
        founder=founder,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=studio,
        scope_code=studio.region_id,
        changes={
            "name": [None, name],
            "host": [None, host.name],
            "base_school": [None, str(host.school)],
            **({"founder": [None, founder.pk]} if founder is not None else {}),
        },
    )
    return studio


@transaction.atomic
def carry_over_studio(
    *,
    actor: Actor,
    studio: Studio,
    programme: Programme,
    introduced_reason: str = "",
    today: dt.date | None = None,
) -> Studio:
    """Continue a studio of the last cycle in ``programme`` (HN-3.3): same host, base school
    and name, and the members still in it, who join the new cycle on its first day. A host
    who no longer meets the host call's conditions the registry answers continues only as an
    introduced host: with the exception the last cycle recorded (carried with the studio), or
    with ``introduced_reason``, recorded now."""
    require(actor, "programmes.manage_programme", studio)
    require(actor, "programmes.manage_programme", programme)
    if studio.programme_id == programme.pk:
        raise ValidationError(_("工作室已在本项目中"))
    continued = Studio.objects.filter(programme=programme, carried_from=studio).first()
    if continued is not None:
        raise ValidationError(
            _("“%(name)s”已延续到本项目") % {"name": continued.name}, code="already_done"
        )
    spec = spec_of(programme)
    if spec.policy.subject != "studio":
        raise ValidationError(_("这个项目按培养人选考核，不设工作室"))
    if studio.revoked_on is not None:
        raise ValidationError(_("“%(name)s”已被撤销，不能延续") % {"name": studio.name})
    if Studio.objects.filter(programme=programme, host_id=studio.host_id).exists():
        raise ValidationError(
            _("%(name)s 已主持本项目的一个工作室") % {"name": studio.host.name},
            code="already_done",
        )
    introduced_reason = introduced_reason.strip()
    if not studio.introduced and not introduced_reason:
        shortfalls = host_shortfalls(
            spec,
            studio.host,
            jurisdiction=programme.jurisdiction_id,
            on=today or timezone.localdate(),
        )
        if shortfalls:
            raise ValidationError(
                {
                    "introduced_reason": _(
                        "%(name)s 不符合主持人条件（%(reasons)s）；"
                        "如作为引进主持人延续，请写明引进理由"
                    )
                    % {"name": studio.host.name, "reasons": _("；").join(shortfalls)}
                },
                code="host_condition",
            )
    touch(programme.pk)
    new = Studio.objects.create(
        programme=programme,
        name=studio.name,
        host=studio.host,
        base_school=studio.base_school,
        region=studio.region,
        base_title=spec.naming.base_school if spec.naming else studio.base_title,
        carried_from=studio,
        **{field: getattr(studio, field) for field in INTRODUCED_FIELDS},
    )
    if introduced_reason:
        _introduce(actor, new, introduced_reason)
    staying = studio.members.filter(left_on__isnull=True).select_related("principal")
    StudioMember.objects.bulk_create(
        StudioMember(studio=new, principal=member.principal, joined_on=programme.starts_on)
        for member in staying
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=new,
        scope_code=new.region_id,
        changes={
            "name": [None, new.name],
            "carried_from": [None, studio.pk],
            **({"introduced": [None, True]} if new.introduced else {}),
        },
        note=_("延续上一周期的工作室，成员 %(count)d 人") % {"count": new.members.count()},
    )
    return new


@transaction.atomic
def carry_over_studios(
    *,
    actor: Actor,
    programme: Programme,
    studios,
    reasons: dict[int, str] | None = None,
    today: dt.date | None = None,
) -> list[Studio]:
    """Carry several of the last cycle's studios into ``programme`` at once: all of them or,
    when one cannot be, none — every studio's problem is reported, by the studio's id
    (``reasons`` by the same id: an introduced host's reason)."""
    require(actor, "programmes.manage_programme", programme)
    reasons = reasons or {}
    studios = list(studios)
    if not studios:
        raise ValidationError(_("请选择要延续的工作室"))
    carried, problems = [], {}
    for studio in studios:
        try:
            with transaction.atomic():
                carried.append(
                    carry_over_studio(
                        actor=actor,
                        studio=studio,
                        programme=programme,
                        introduced_reason=reasons.get(studio.pk, ""),
                        today=today,
                    )
                )
        except ValidationError as error:
            problems[studio.pk] = error.messages
    if problems:
        raise ValidationError({f"reason_{pk}": messages for pk, messages in problems.items()})
    return carried


INTRODUCED_FIELDS = (
    "introduced",
    "introduced_reason",
    "introduced_by_id",
    "introduced_by_name",
    "introduced_at",
)


def _introduce(actor: Actor, studio: Studio, reason: str) -> None:
    if problem := too_long(Studio, {"introduced_reason": reason}).get("introduced_reason"):
        raise ValidationError({"introduced_reason": problem})
    studio.introduced = True
    studio.introduced_reason = reason
    studio.introduced_by = actor.user
    studio.introduced_by_name = display_name(actor)
    studio.introduced_at = timezone.now()
    studio.save(update_fields=[f.removesuffix("_id") for f in INTRODUCED_FIELDS])


@transaction.atomic
def record_introduced_host(*, actor: Actor, studio: Studio, reason: str) -> Studio:
    """The centre records that ``studio``'s host is an introduced host (引进, HN-3.3): one who
    does not meet the host call's conditions, taken with this exception — the reason, who
    approved it and when are kept and shown; the condition checks honour it from then on.
    Recording it again replaces the reason (the audit trail keeps the earlier one)."""
    require(actor, "programmes.manage_programme", studio)
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"introduced_reason": _("请写明引进理由")})
    before = snapshot(studio, ["introduced", "introduced_reason"])
    _introduce(actor, studio, reason)
    changes = field_changes(before, snapshot(studio, ["introduced", "introduced_reason"]))
    if changes:
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=studio,
            scope_code=studio.region_id,
            changes=changes,
            note=_("引进主持人：%(reason)s") % {"reason": reason},
        )
    return studio


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    studio: Studio,
    principal: Principal,
    joined_on: dt.date,
    over_limit_reason: str = "",
) -> StudioMember:
    """Add a member, or take back one who left the studio: a studio keeps one membership
    per person, so their old row is reopened for a new period from ``joined_on`` (the audit
    trail keeps the earlier one). One person belongs to one studio of a programme at a time;
    two additions of the same person wait for each other on the person's row. A studio at the
    policy's maximum takes one more only with ``over_limit_reason``, which is recorded (HN-3.7);
    additions to one studio wait for each other on the studio's row, so the count holds."""
    require(actor, "programmes.manage_programme", studio)
    Studio.objects.select_for_update().filter(pk=studio.pk).first()
    Principal.objects.select_for_update().filter(pk=principal.pk).first()
    if principal.pk == studio.host_id:
        raise ValidationError({"principal": _("主持人不能同时是本工作室的成员")})
    clash = (
        StudioMember.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=joined_on),
            studio__programme_id=studio.programme_id,
            principal=principal,
        )
        .select_related("studio")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "principal": _("%(name)s 已是“%(studio)s”的成员")
                % {"name": principal.name, "studio": clash.studio.name}
            }
        )
    bounds = spec_of(studio.programme).members
    size = (
        StudioMember.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=joined_on), studio=studio
        )
        .exclude(principal=principal)
        .count()
        + 1
    )
    _check_limit(
        actor=actor,
        group=studio,
        principal=principal,
        size=size,
        limit=bounds.max if bounds else None,
        reason=over_limit_reason,
    )
    former = StudioMember.objects.filter(studio=studio, principal=principal).first()
    if former is not None:
        return _rejoin(actor=actor, member=former, joined_on=joined_on)
    touch(studio.programme_id)
    member = StudioMember.objects.create(studio=studio, principal=principal, joined_on=joined_on)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=studio,
        scope_code=studio.region_id,
        changes={"member": [None, principal.name]},
        note=_("成员加入"),
    )
    return member


def _rejoin(*, actor: Actor, member: StudioMember, joined_on: dt.date) -> StudioMember:
    before = {
        "joined_on": member.joined_on.isoformat(),
        "left_on": member.left_on.isoformat() if member.left_on else None,
    }
    member.joined_on, member.left_on, member.left_reason = joined_on, None, ""
    touch(member.studio.programme_id)
    member.save(update_fields=["joined_on", "left_on", "left_reason"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=member.studio,
        scope_code=member.studio.region_id,
        changes={
            "member": [None, member.principal.name],
            "joined_on": [before["joined_on"], joined_on.isoformat()],
            "left_on": [before["left_on"], None],
        },
        note=_("成员重新加入"),
    )
    return member


@transaction.atomic
def create_cohort(
    *, actor: Actor, programme: Programme, number: int, name: str, starts_on: dt.date
) -> Cohort:
    require(actor, "programmes.manage_programme", programme)
    if spec_of(programme).policy.subject != "trainee":
        raise ValidationError(_("这个项目按工作室考核，不设培训班"))
    touch(programme.pk)
    cohort = Cohort.objects.create(
        programme=programme, number=number, name=name, starts_on=starts_on
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=cohort,
        scope_code=programme.jurisdiction_id,
        changes={"name": [None, name], "starts_on": [None, starts_on.isoformat()]},
    )
    return cohort


@transaction.atomic
def add_trainee(
    *,
    actor: Actor,
    cohort: Cohort,
    principal: Principal,
    joined_on: dt.date,
    over_limit_reason: str = "",
) -> Trainee:
    """Put a principal on a cohort's list. A cohort at the policy's size (HZ-4.2.4: 50) takes
    one more only with ``over_limit_reason``, which is recorded; additions to one cohort wait
    for each other on the cohort's row."""
    require(actor, "programmes.manage_programme", cohort)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if Trainee.objects.filter(cohort=cohort, principal=principal).exists():
        raise ValidationError(
            {"principal": _("%(name)s 已在本期名单中") % {"name": principal.name}}
        )
    bounds = spec_of(cohort.programme).members
    _check_limit(
        actor=actor,
        group=cohort,
        principal=principal,
        size=cohort.trainees.exclude(status=Trainee.Status.REMOVED).count() + 1,
        limit=bounds.cohort_size if bounds else None,
        reason=over_limit_reason,
    )
    touch(cohort.programme_id)
    trainee = Trainee.objects.create(cohort=cohort, principal=principal, joined_on=joined_on)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=trainee,
        scope_code=principal.school.region_id,
        changes={"cohort": [None, cohort.name]},
    )
    return trainee


def _check_limit(
    *, actor: Actor, group: Studio | Cohort, principal: Principal, size: int, limit, reason: str
) -> None:
    """Refuse to go beyond ``limit`` without a reason; with one, record who went beyond it,
    when and why (the studio or cohort page shows it)."""
    if limit is None or size <= limit:
        return
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "over_limit_reason": _(
                    "“%(group)s”已有 %(count)d 人，达到政策规定的上限 %(limit)d 人；"
                    "确需超出时，请写明理由"
                )
                % {"group": group, "count": size - 1, "limit": limit}
            }
        )
    if problem := too_long(LimitOverride, {"reason": reason}).get("reason"):
        raise ValidationError({"over_limit_reason": problem})
    LimitOverride.objects.create(
        studio=group if isinstance(group, Studio) else None,
        cohort=group if isinstance(group, Cohort) else None,
        principal=principal,
        size=size,
        limit=limit,
        reason=reason,
        recorded_by=actor.user,
        recorder_name=display_name(actor),
    )
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=group,
        scope_code=group.region_id
        if isinstance(group, Studio)
        else group.programme.jurisdiction_id,
        changes={"size": [size - 1, size], "limit": [limit, limit]},
        note=_("超出人数上限：%(reason)s") % {"reason": reason},
    )


@transaction.atomic
def member_leaves(
    *,
    actor: Actor,
    member: StudioMember,
    left_on: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> StudioMember:
    """A member leaves the studio on ``left_on`` for ``reason``. The membership is kept: the
    studio page lists them among former members, and what they did while a member still counts."""
    require(actor, "programmes.manage_programme", member)
    member = (
        StudioMember.objects.select_for_update()
        .select_related("studio", "principal")
        .get(pk=member.pk)
    )
    reason = reason.strip()
    errors = {}
    if member.left_on is not None:
        errors["left_on"] = _("%(name)s 已于 %(date)s 退出") % {
            "name": member.principal.name,
            "date": member.left_on.isoformat(),
        }
    elif left_on < member.joined_on:
        errors["left_on"] = _("退出日期不能早于加入日期 %(date)s") % {
            "date": member.joined_on.isoformat()
        }
    elif left_on > (today or timezone.localdate()):
        errors["left_on"] = _("退出日期不能晚于今天")
    if not reason:
        errors["reason"] = _("请写明退出原因")
    elif problem := too_long(StudioMember, {"left_reason": reason}).get("left_reason"):
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    member.left_on, member.left_reason = left_on, reason
    touch(member.studio.programme_id)
    member.save(update_fields=["left_on", "left_reason"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=member.studio,
        scope_code=member.studio.region_id,
        changes={"member": [member.principal.name, None], "left_on": [None, left_on.isoformat()]},
        note=_("成员退出：%(reason)s") % {"reason": reason},
    )
    return member


@transaction.atomic
def revoke_studio(
    *, actor: Actor, studio: Studio, revoked_on: dt.date, reason: str, release_reason: str
) -> Studio:
    """Revoke the studio from ``revoked_on`` (HN-5.4.1): its base title is no longer shown,
    and every current member is released with ``release_reason``, free to join another studio
    from that day. The studio and its history are kept."""
    require(actor, "programmes.manage_programme", studio)
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if studio.revoked_on is not None:
        raise ValidationError(
            _("工作室已于 %(date)s 撤销") % {"date": studio.revoked_on.isoformat()}
        )
    studio.revoked_on, studio.revoked_reason = revoked_on, reason
    studio.save(update_fields=["revoked_on", "revoked_reason"])
    current = list(
        StudioMember.objects.select_for_update()
        .filter(studio=studio, left_on__isnull=True)
        .select_related("principal")
        .order_by("pk")
    )
    # A leaving date is the last day of membership: members are free from ``revoked_on``
    # (nobody leaves before joining).
    last_day = revoked_on - dt.timedelta(days=1)
    for member in current:
        member.left_on, member.left_reason = max(last_day, member.joined_on), release_reason
    StudioMember.objects.bulk_update(current, ["left_on", "left_reason"])
    touch(studio.programme_id)
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=studio,
        scope_code=studio.region_id,
        changes={
            "revoked_on": [None, revoked_on.isoformat()],
            "released": [None, [member.principal.name for member in current]],
        },
        note=reason,
    )
    return studio
