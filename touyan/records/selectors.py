"""Reading the shared record of a programme, narrowed to what the user may see.

The record follows its subjects: an activity is seen by whoever sees one of the studios or
trainees it was organised for; a deliverable or a research project by whoever sees its owner.
A member's own plans are the exception: other members of the studio do not see them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.people.models import Principal, School
from touyan.people.selectors import schools_visible_to
from touyan.programmes.access import access_of
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Trainee
from touyan.programmes.selectors import still_member, studios_visible_to, trainees_visible_to
from touyan.regions.codes import scope_prefix
from touyan.regions.selectors import within

from .models import (
    Activity,
    Attendance,
    Audience,
    CurriculumCredit,
    Deliverable,
    ResearchProject,
)


def _sees_everything(user, programme: Programme) -> bool:
    access = access_of(user)
    return access.manages(programme) or programme.pk in access.viewed_programmes


def activities_visible_to(user, programme: Programme) -> QuerySet[Activity]:
    activities = Activity.objects.filter(programme=programme)
    if _sees_everything(user, programme):
        return activities
    studios = studios_visible_to(user, programme).values("pk")
    cohorts = trainees_visible_to(user, programme).values("cohort_id")
    return activities.filter(
        pk__in=Activity.objects.filter(
            Q(organisers__studio__in=studios) | Q(organisers__cohort__in=cohorts)
        ).values("pk")
    )


def deliverables_visible_to(user, programme: Programme) -> QuerySet[Deliverable]:
    deliverables = Deliverable.objects.filter(programme=programme).select_related(
        "studio", "principal__school"
    )
    if _sees_everything(user, programme):
        return deliverables
    access = access_of(user)
    studio_level = Q(
        principal__isnull=True, studio__in=studios_visible_to(user, programme).values("pk")
    )
    trainee_level = Q(
        studio__isnull=True,
        principal__in=trainees_visible_to(user, programme).values("principal_id"),
    )
    member_level = within(
        [scope_prefix(code) for code in access.district_codes], "studio__region__code"
    )
    if access.principal_id is not None:
        member_level |= Q(principal_id=access.principal_id) | Q(studio__host_id=access.principal_id)
    member_level &= Q(studio__isnull=False, principal__isnull=False)
    return deliverables.filter(studio_level | trainee_level | member_level)


def projects_visible_to(user, programme: Programme) -> QuerySet[ResearchProject]:
    projects = (
        ResearchProject.objects.filter(programme=programme)
        .select_related("studio", "leader__school")
        .prefetch_related("outcomes")
    )
    if _sees_everything(user, programme):
        return projects
    return projects.filter(
        Q(studio__in=studios_visible_to(user, programme).values("pk"))
        | Q(
            studio__isnull=True,
            leader__in=trainees_visible_to(user, programme).values("principal_id"),
        )
    )


def studios_hosted_by(user, programme: Programme) -> QuerySet[Studio]:
    principal = access_of(user).principal_id
    if principal is None:
        return Studio.objects.none()
    return Studio.objects.filter(programme=programme, host_id=principal)


def studios_recorded_by(user, programme: Programme) -> QuerySet[Studio]:
    """The one answer to "for which studios does the user record" (activities, attendance,
    research projects): the centre for every studio of the programme, a host for the studios
    they host. An activity that counts for several hosts' studios (工作室联合活动) is therefore
    the centre's to record."""
    if access_of(user).manages(programme):
        return Studio.objects.filter(programme=programme)
    return studios_hosted_by(user, programme)


def cohorts_recorded_by(user, programme: Programme) -> QuerySet[Cohort]:
    """The cohorts whose sessions and curriculum hours the user records: the centre's."""
    if access_of(user).manages(programme):
        return Cohort.objects.filter(programme=programme)
    return Cohort.objects.none()


def may_record_for(user, organiser: Studio | Cohort) -> bool:
    """Whether ``organiser`` is among those ``studios_recorded_by`` or ``cohorts_recorded_by``
    give the user."""
    recorded = studios_recorded_by if isinstance(organiser, Studio) else cohorts_recorded_by
    return recorded(user, organiser.programme).filter(pk=organiser.pk).exists()


def memberships_of(user, programme: Programme) -> QuerySet[StudioMember]:
    principal = access_of(user).principal_id
    if principal is None:
        return StudioMember.objects.none()
    return StudioMember.objects.filter(
        studio__programme=programme, principal_id=principal
    ).select_related("studio", "principal")


def trainee_records_of(user, programme: Programme) -> QuerySet[Trainee]:
    principal = access_of(user).principal_id
    if principal is None:
        return Trainee.objects.none()
    return Trainee.objects.filter(cohort__programme=programme, principal_id=principal)


def place_schools_for(user, programme: Programme) -> QuerySet[School]:
    """The schools an activity of ``programme`` may be placed at by ``user``: those of the
    registry they see; for the centre and hosts also any school of the programme's
    jurisdiction and of its partner regions (送培下乡, 对口支援)."""
    visible = schools_visible_to(user)
    if not (access_of(user).manages(programme) or studios_hosted_by(user, programme).exists()):
        return visible
    prefixes = [scope_prefix(programme.jurisdiction_id)]
    prefixes += [scope_prefix(code) for code in programme.partner_regions]
    return School.objects.select_related("region").filter(
        Q(pk__in=visible.values("pk")) | within(prefixes, "region__code")
    )


def participant_schools(user, programme: Programme) -> QuerySet[School]:
    """The schools of the hosts, members and trainees the user sees: the first places an
    activity goes to (入校诊断 visits members' schools)."""
    studios = studios_visible_to(user, programme)
    principals = (
        list(studios.values_list("host__school_id", flat=True))
        + list(
            StudioMember.objects.filter(studio__in=studios.values("pk")).values_list(
                "principal__school_id", flat=True
            )
        )
        + list(trainees_visible_to(user, programme).values_list("principal__school_id", flat=True))
    )
    return School.objects.select_related("region").filter(pk__in=set(principals))


def hours_by_topic(trainee: Trainee) -> dict[str, Decimal]:
    """Curriculum hours of one trainee per topic: sessions attended plus recognised study."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    attended = (
        Attendance.objects.filter(
            principal_id=trainee.principal_id,
            status=Attendance.Status.PRESENT,
            activity__programme_id=trainee.cohort.programme_id,
            activity__organisers__cohort_id=trainee.cohort_id,
        )
        .exclude(activity__topic="")
        .values("activity__topic")
        .annotate(total=Sum("activity__hours"))
    )
    for row in attended:
        hours[row["activity__topic"]] += row["total"] or 0
    for row in (
        CurriculumCredit.objects.filter(trainee=trainee)
        .values("topic")
        .annotate(total=Sum("hours"))
    ):
        hours[row["topic"]] += row["total"]
    return dict(hours)


# Of each kind of owner the centre is offered at most this many; a search finds the others.
OWNERS_LISTED = 300


@dataclass(frozen=True)
class Owner:
    """Whom a deliverable may be handed in for: a studio, a member of a studio, a trainee."""

    key: str
    label: str
    kind: str  # studio, member, trainee
    studio: Studio | None = None
    principal: Principal | None = None


def deliverable_owners_for(user, programme: Programme, text: str = "") -> list[Owner]:
    """The centre hands in for anyone (found by ``text`` in a large programme); a host for
    their studio; members and trainees for themselves."""
    if access_of(user).manages(programme):
        studios = programme.studios.select_related("host").order_by("name")
        members = (
            StudioMember.objects.filter(still_member(), studio__programme=programme)
            .select_related("studio", "principal")
            .order_by("studio__name", "principal__name")
        )
        trainees = (
            Trainee.objects.filter(cohort__programme=programme)
            .select_related("principal", "cohort")
            .order_by("cohort__number", "principal__name")
        )
        text = text.strip()
        if text:
            studios = studios.filter(Q(name__contains=text) | Q(host__name__contains=text))
            members = members.filter(
                Q(principal__name__contains=text) | Q(studio__name__contains=text)
            )
            trainees = trainees.filter(principal__name__contains=text)
        return [
            *(_studio_owner(s) for s in studios[:OWNERS_LISTED]),
            *(_member_owner(m, m.principal.name) for m in members[:OWNERS_LISTED]),
            *(
                _trainee_owner(t, f"{t.principal.name}（{t.cohort.name}）")
                for t in trainees[:OWNERS_LISTED]
            ),
        ]
    return [
        *(_studio_owner(s) for s in studios_hosted_by(user, programme)),
        *(
            _member_owner(m, _("本人"))
            for m in memberships_of(user, programme).filter(still_member())
        ),
        *(
            _trainee_owner(t, _("本人"))
            for t in trainee_records_of(user, programme).select_related("principal")
        ),
    ]


def may_hand_in_as(
    user, programme: Programme, studio: Studio | None, principal_id: int | None
) -> bool:
    """Whether ``user`` may hand a deliverable in under this owner's name, the owner being one
    of the programme's (``owner_in`` finds it): the centre under anyone's; a
    host under their studio's, without an author; members and trainees under their own."""
    access = access_of(user)
    if access.manages(programme):
        return True
    if access.principal_id is None:
        return False
    if principal_id is None:
        return studio is not None and studio.host_id == access.principal_id
    return principal_id == access.principal_id


def owner_in(programme: Programme, studio_id: int | None, principal_id: int | None) -> Owner | None:
    """The owner these ids name in ``programme``, whoever asks: a studio, a current member of
    it, or a trainee; None when they name none of them."""
    if studio_id is not None:
        studio = programme.studios.select_related("host").filter(pk=studio_id).first()
        if studio is None:
            return None
        if principal_id is None:
            return _studio_owner(studio)
        member = (
            StudioMember.objects.filter(still_member(), studio=studio, principal_id=principal_id)
            .select_related("studio", "principal")
            .first()
        )
        return _member_owner(member, member.principal.name) if member else None
    if principal_id is None:
        return None
    trainee = (
        Trainee.objects.filter(cohort__programme=programme, principal_id=principal_id)
        .select_related("principal", "cohort")
        .first()
    )
    return _trainee_owner(trainee, trainee.principal.name) if trainee else None


def deliverable_owner_for(
    user, programme: Programme, studio_id: int | None, principal_id: int | None
) -> Owner | None:
    """The owner ``deliverable_owners_for`` would offer ``user`` for these ids, found directly
    however large the programme; None when it would not offer it."""
    owner = owner_in(programme, studio_id, principal_id)
    if owner is None or not may_hand_in_as(user, programme, owner.studio, principal_id):
        return None
    return owner


def _studio_owner(studio: Studio) -> Owner:
    return Owner(f"studio-{studio.pk}", studio.name, "studio", studio=studio)


def _member_owner(member: StudioMember, name: str) -> Owner:
    return Owner(
        f"member-{member.studio_id}-{member.principal_id}",
        f"{name}（{member.studio.name}）",
        "member",
        studio=member.studio,
        principal=member.principal,
    )


def _trainee_owner(trainee: Trainee, label: str) -> Owner:
    return Owner(f"trainee-{trainee.principal_id}", label, "trainee", principal=trainee.principal)


def participants_seen_by(user, programme: Programme) -> set[int] | None:
    """The principals whose attendance the user may read, or None for all of them."""
    if _sees_everything(user, programme):
        return None
    studios = studios_visible_to(user, programme)
    people = set(studios.values_list("host_id", flat=True))
    people |= set(
        StudioMember.objects.filter(studio__in=studios.values("pk")).values_list(
            "principal_id", flat=True
        )
    )
    people |= set(trainees_visible_to(user, programme).values_list("principal_id", flat=True))
    return people


def participants_recorded_by(user, activity: Activity) -> set[int] | None:
    """Whose attendance the user records at ``activity``: everyone for the centre; a host the
    people of the studios they host among its organisers (host and current members)."""
    if access_of(user).manages(activity.programme):
        return None
    hosted = studios_recorded_by(user, activity.programme).filter(
        pk__in=activity.organisers.values("studio_id")
    )
    people = set(hosted.values_list("host_id", flat=True))
    people |= set(
        StudioMember.objects.filter(studio__in=hosted.values("pk")).values_list(
            "principal_id", flat=True
        )
    )
    return people


# Members' attendance (HN-4.3.1) ---------------------------------------------------------------


@dataclass(frozen=True)
class MemberAttendance:
    """A member's attendance at their studio's activities held while they were a member (and
    held for them, when an activity was held for some only). An activity with no mark for them
    is ``unmarked``: it is neither attended nor missed."""

    held: int
    present: int
    leave: int
    absent: int

    @property
    def unmarked(self) -> int:
        return self.held - self.present - self.leave - self.absent

    @property
    def share(self) -> int | None:
        """The share attended, in whole per cent; None before any activity was held."""
        return round(self.present * 100 / self.held) if self.held else None

    def below(self, rule) -> bool:
        """Over the ceiling of an ``absence_ratio`` rule, counted as its judge counts."""
        if rule is None or not self.held:
            return False
        used = self.absent + (self.leave if rule.leave_counts_as_absence else 0)
        return used > rule.limit * self.held


def attendance_rule(spec):
    """The policy's rule on members' attendance (``absence_ratio`` in a studio programme)."""
    if spec.policy.subject != "studio":
        return None
    return next((rule for rule in spec.rules if rule.kind == "absence_ratio"), None)


def attendance_of_member(membership: StudioMember, *, today=None) -> MemberAttendance:
    """One member's attendance at their studio's activities (three queries)."""
    return attendance_of_members(membership.studio, [membership], today=today)[membership.pk]


def attendance_of_members(
    studio: Studio, memberships, *, today=None
) -> dict[int, MemberAttendance]:
    """Each membership's attendance at ``studio``'s activities held up to ``today``, by the
    membership's id; three queries whatever the number of members."""
    memberships = list(memberships)
    today = today or timezone.localdate()
    held = list(
        Activity.objects.filter(organisers__studio=studio, date__lte=today)
        .distinct()
        .values_list("pk", "date")
    )
    audience: dict[int, set[int]] = defaultdict(set)
    for activity_id, principal_id in Audience.objects.filter(
        activity__organisers__studio=studio
    ).values_list("activity_id", "principal_id"):
        audience[activity_id].add(principal_id)
    marks = {
        (principal_id, activity_id): status
        for principal_id, activity_id, status in Attendance.objects.filter(
            activity__organisers__studio=studio,
            activity__date__lte=today,
            principal_id__in=[m.principal_id for m in memberships],
        ).values_list("principal_id", "activity_id", "status")
    }
    found = {}
    for membership in memberships:
        ends = membership.left_on or dt.date.max
        mine = [
            pk
            for pk, day in held
            if membership.joined_on <= day <= ends
            and (pk not in audience or membership.principal_id in audience[pk])
        ]
        statuses = [marks.get((membership.principal_id, pk)) for pk in mine]
        found[membership.pk] = MemberAttendance(
            held=len(mine),
            present=statuses.count(Attendance.Status.PRESENT),
            leave=statuses.count(Attendance.Status.LEAVE),
            absent=statuses.count(Attendance.Status.ABSENT),
        )
    return found
