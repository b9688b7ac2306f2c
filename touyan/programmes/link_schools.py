"""Link schools (联系学校, EX-7): designating them and ending a designation, and reading the
designations of a programme's principals. The ``link_schools`` rule of the programme's policy
says how many a principal keeps and whether they must be rural."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.people.models import Principal, School
from touyan.policies import schema

from .models import LinkSchool, Programme, Studio, StudioMember, Trainee
from .policy import spec_of


def link_rule(programme: Programme) -> schema.LinkSchools | None:
    """The programme's ``link_schools`` rule (a policy has one at most)."""
    return next(
        (rule for rule in spec_of(programme).rules if isinstance(rule, schema.LinkSchools)), None
    )


def taking_part_since(programme: Programme, principal_id: int) -> dt.date | None:
    """The first day ``principal_id`` took part in ``programme``: a trainee (not removed) from
    their cohort's start, or the day they joined if later; a studio's host from the programme's
    start; a member from the day they joined. None for someone who never took part."""
    days = [
        max(starts, joined)
        for starts, joined in Trainee.objects.filter(
            cohort__programme=programme, principal_id=principal_id
        )
        .exclude(status=Trainee.Status.REMOVED)
        .values_list("cohort__starts_on", "joined_on")
    ]
    if Studio.objects.filter(programme=programme, host_id=principal_id).exists():
        days.append(programme.starts_on)
    days += StudioMember.objects.filter(
        studio__programme=programme, principal_id=principal_id
    ).values_list("joined_on", flat=True)
    return min(days, default=None)


def takes_part(programme: Programme, principal_id: int, *, on: dt.date) -> bool:
    """A trainee not removed, a studio's host, or a member serving on ``on``."""
    trainees = Trainee.objects.filter(cohort__programme=programme, principal_id=principal_id)
    if trainees.exclude(status=Trainee.Status.REMOVED).exists():
        return True
    if Studio.objects.filter(programme=programme, host_id=principal_id).exists():
        return True
    return StudioMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        studio__programme=programme,
        principal_id=principal_id,
        joined_on__lte=on,
    ).exists()


@transaction.atomic
def designate_link_school(
    *,
    actor: Actor,
    programme: Programme,
    principal: Principal,
    school: School,
    designated_on: dt.date | None = None,
) -> LinkSchool:
    """Designate ``school`` as one of ``principal``'s link schools. Refused when the policy
    has no link-school rule, the principal takes no part in the programme, the rule wants rural
    schools and this one is not, the principal already keeps the most the rule allows, or the
    school is theirs already; and when ``designated_on`` is after today, before the principal
    took part in the programme, or not after the day an earlier designation of the school ended
    (a new designation is a row of its own: the earlier one keeps its dates). Designations of one
    principal wait for each other on their row, so the count holds."""
    day = designated_on or timezone.localdate()
    link = LinkSchool(programme=programme, principal=principal, school=school, designated_on=day)
    require(actor, "programmes.designate_link_school", link)
    Principal.objects.select_for_update().filter(pk=principal.pk).first()
    rule = link_rule(programme)
    if rule is None:
        raise ValidationError(_("本项目的政策没有关于联系学校的要求"))
    if day > timezone.localdate():
        raise ValidationError({"designated_on": _("确定日期不能晚于今天")})
    since = taking_part_since(programme, principal.pk)
    if since is not None and day < since:
        raise ValidationError(
            {
                "designated_on": _("确定日期不能早于 %(name)s 参加本项目的日期（%(day)s）")
                % {"name": principal.name, "day": since.isoformat()}
            }
        )
    if not takes_part(programme, principal.pk, on=day):
        raise ValidationError(
            _("%(name)s 不是本项目的培养人选或工作室成员") % {"name": principal.name}
        )
    if rule.rural_only and not school.is_rural:
        raise ValidationError(
            {
                "school": _("“%(school)s”不是农村学校：联系学校须为农村学校")
                % {"school": school.name}
            }
        )
    standing = LinkSchool.objects.filter(
        programme=programme, principal=principal, ended_on__isnull=True
    )
    if standing.filter(school=school).exists():
        raise ValidationError(
            {
                "school": _("“%(school)s”已是 %(name)s 的联系学校")
                % {"school": school.name, "name": principal.name}
            }
        )
    if rule.schools_at_most is not None and standing.count() >= rule.schools_at_most:
        raise ValidationError(
            {
                "school": _("%(name)s 已确定 %(n)d 所联系学校，最多 %(most)d 所")
                % {"name": principal.name, "n": standing.count(), "most": rule.schools_at_most}
            }
        )
    ended = LinkSchool.objects.filter(
        programme=programme, principal=principal, school=school
    ).aggregate(last=Max("ended_on"))["last"]
    if ended is not None and day <= ended:
        raise ValidationError(
            {
                "designated_on": _(
                    "“%(school)s”作为联系学校于 %(day)s 结束：重新确定的日期须晚于这一天"
                )
                % {"school": school.name, "day": ended.isoformat()}
            }
        )
    link.designated_by = actor.user
    link.save()
    touch(programme.pk)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=link,
        scope_code=programme.jurisdiction_id,
        changes={"link_school": [None, f"{principal.name}：{school.name}"]},
        note=_("确定联系学校"),
    )
    return link


@transaction.atomic
def end_link_school(*, actor: Actor, link: LinkSchool, ended_on: dt.date | None = None) -> None:
    """End a designation: from the day after ``ended_on`` the school is no longer a link school
    of the principal; the activities held there before still count for their periods."""
    require(actor, "programmes.designate_link_school", link)
    link = (
        LinkSchool.objects.select_for_update().select_related("programme", "school").get(pk=link.pk)
    )
    day = ended_on or timezone.localdate()
    if link.ended_on is not None:
        raise ValidationError(_("这所联系学校已于 %(day)s 结束") % {"day": link.ended_on})
    if day < link.designated_on:
        raise ValidationError(_("结束日期不能早于确定日期"))
    link.ended_on = day
    link.save(update_fields=["ended_on"])
    touch(link.programme_id)
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=link,
        scope_code=link.programme.jurisdiction_id,
        changes={"link_school": [link.school.name, None], "ended_on": [None, day.isoformat()]},
        note=_("结束联系学校"),
    )


# reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """A principal of the programme and the link schools they keep."""

    principal_id: int
    name: str
    where: str  # their studio or cohort
    links: list[LinkSchool]


def holders_of(programme: Programme, *, principal_ids=None) -> list[Holder]:
    """The trainees (not removed) or the studios' hosts and current members of ``programme``
    with their standing link schools: three queries."""
    people: dict[int, tuple[str, str]] = {}
    if spec_of(programme).policy.subject == "trainee":
        rows = Trainee.objects.filter(cohort__programme=programme).exclude(
            status=Trainee.Status.REMOVED
        )
        for pk, name, cohort in rows.order_by("cohort__number", "pk").values_list(
            "principal_id", "principal__name", "cohort__name"
        ):
            people[pk] = (name, cohort)
    else:
        studios = Studio.objects.filter(programme=programme).order_by("name", "pk")
        for pk, name, studio in studios.values_list("host_id", "host__name", "name"):
            people[pk] = (name, studio)
        members = StudioMember.objects.filter(studio__programme=programme, left_on__isnull=True)
        for pk, name, studio in members.order_by("studio__name", "joined_on", "pk").values_list(
            "principal_id", "principal__name", "studio__name"
        ):
            people.setdefault(pk, (name, studio))
    if principal_ids is not None:
        people = {pk: found for pk, found in people.items() if pk in principal_ids}
    links: dict[int, list[LinkSchool]] = {}
    for link in (
        LinkSchool.objects.filter(
            programme=programme, principal_id__in=list(people), ended_on__isnull=True
        )
        .select_related("school")
        .order_by("designated_on", "pk")
    ):
        links.setdefault(link.principal_id, []).append(link)
    return [Holder(pk, name, where, links.get(pk, [])) for pk, (name, where) in people.items()]
