"""What assessment rounds put in the 待办 inbox:

- hosts: the dossier to submit before the round closes; a 不合格 result whose review window
  (复核) is open;
- members: the survey to answer;
- experts: cases to score (one item per round) and review cases to score;
- the centre: cases flagged for moderation, rounds ready to close scoring, review requests
  waiting for their panel;
- the authority: cases to decide, a round to publish, reviews to decide;
- rounds graded directly (``grading_to_do``): a host's members, the centre's trainees to
  grade, and a fully graded round to publish.

Each audience costs one or two queries whatever the number of rounds and cases: a principal's
cases and invitations, an expert's scores, a manager's rounds and review requests.
"""

from __future__ import annotations

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows, scope_of
from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.programmes.models import Programme
from touyan.regions import codes

from .models import Assessor, Case, Consequence, ReviewRequest, Round, Score, SurveyInvitation

R = Round.Stage
C = Case.Status
REQUESTED = ReviewRequest.Status.REQUESTED


def host_work(principal: int, today) -> list[InboxItem]:
    """The dossiers the host has to submit, and 不合格 results they may still ask to review."""
    preparing = Q(
        status=C.PREPARING,
        round__stage=R.PREPARING,
        round__opens_on__lte=today,
        round__closes_on__gte=today,
    )
    reviewable = Q(
        consequence=Consequence.REVOKE,
        applied_at__isnull=True,
        round__stage=R.PUBLISHED,
        round__review_closes_on__gte=today,
    ) & ~Q(Exists(ReviewRequest.objects.filter(case=OuterRef("pk"))))
    rows = Case.objects.filter(
        preparing | reviewable, studio__host_id=principal, member__isnull=True
    ).values_list(
        "pk", "round__stage", "round__name", "round__closes_on", "round__review_closes_on"
    )
    items = []
    for pk, stage, name, closes_on, review_closes_on in rows:
        if stage == R.PREPARING:
            items.append(
                InboxItem(
                    key=f"assessment.dossier:{pk}",
                    title=_("考核材料待提交"),
                    subject=name,
                    due=closes_on,
                    url=reverse("assessment:dossier", args=[pk]),
                )
            )
        else:
            items.append(
                InboxItem(
                    key=f"assessment.review_window:{pk}",
                    title=_("考核结果为不合格，可在截止前申请复核"),
                    subject=name,
                    due=review_closes_on,
                    url=reverse("assessment:result", args=[pk]),
                )
            )
    return items


def surveys_to_answer(principal: int, today) -> list[InboxItem]:
    rows = SurveyInvitation.objects.filter(
        principal_id=principal,
        answered=False,
        case__round__stage=R.PREPARING,
        case__round__opens_on__lte=today,
        case__round__closes_on__gte=today,
    ).values_list("case_id", "case__round__name", "case__round__closes_on", "case__studio__name")
    return [
        InboxItem(
            key=f"assessment.survey:{case}",
            title=_("成员调查问卷待填写"),
            subject=f"{name} · {studio}",
            due=closes_on,
            url=reverse("assessment:survey", args=[case]),
        )
        for case, name, closes_on, studio in rows
    ]


def cases_to_score(user) -> list[InboxItem]:
    """The expert's unsubmitted scores: the first panel's per round while it scores, the
    review panel's per round while the review is pending."""
    rows = (
        Score.objects.filter(
            Q(for_review=False, case__round__stage=R.SCORING)
            | Q(for_review=True, case__review_request__status=REQUESTED),
            expert=user,
            submitted_at__isnull=True,
        )
        .values_list("for_review", "case__round_id", "case__round__name")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by("for_review", "case__round_id")
    )
    items = []
    for for_review, round_id, name, n, first in rows:
        if for_review:
            items.append(
                InboxItem(
                    key=f"assessment.review_score:{round_id}",
                    title=ngettext("%(n)d 份复核材料待评分", "%(n)d 份复核材料待评分", n)
                    % {"n": n},
                    subject=name,
                    url=reverse("assessment:review_score", args=[first]),
                    count=n,
                )
            )
        else:
            items.append(
                InboxItem(
                    key=f"assessment.score:{round_id}",
                    title=ngettext("%(n)d 份考核材料待评分", "%(n)d 份考核材料待评分", n)
                    % {"n": n},
                    subject=name,
                    url=reverse("assessment:expert_cases"),
                    count=n,
                )
            )
    return items


def _decides(user):
    """Whether the user decides for a programme of this jurisdiction: the authority admins'
    region prefixes (None: every programme, for superusers)."""
    if scope_of(user).everything:
        return None
    return tuple(
        codes.scope_prefix(grant.region_id)
        for grant in grant_rows(user)
        if grant.role == Role.AUTHORITY_ADMIN and grant.region_id
    )


def _is_authority(prefixes, jurisdiction: str) -> bool:
    return prefixes is None or jurisdiction.startswith(prefixes)


def managers_work(user) -> list[InboxItem]:
    """The centre's and the authority's: rounds being scored or decided, review requests."""
    condition = managed(user, "programme")
    if condition is None:
        return []
    prefixes = _decides(user)
    rows = (
        Round.objects.filter(condition, stage__in=[R.SCORING, R.DECIDING])
        .annotate(
            flagged=Count("cases", filter=Q(cases__needs_moderation=True)),
            unscored=Count("cases", filter=Q(cases__status=C.SUBMITTED)),
            undecided=Count("cases", filter=~Q(cases__status=C.DECIDED)),
        )
        .values_list(
            "pk", "name", "stage", "programme__jurisdiction_id", "flagged", "unscored", "undecided"
        )
        .order_by("pk")
    )
    items = []
    for pk, name, stage, jurisdiction, flagged, unscored, undecided in rows:
        if stage == R.SCORING and flagged:
            items.append(
                InboxItem(
                    key=f"assessment.moderate:{pk}",
                    title=ngettext("%(n)d 个考核对象待合议", "%(n)d 个考核对象待合议", flagged)
                    % {"n": flagged},
                    subject=name,
                    url=reverse("assessment:round", args=[pk]),
                    count=flagged,
                )
            )
        elif stage == R.SCORING and not unscored:
            items.append(
                InboxItem(
                    key=f"assessment.close_scoring:{pk}",
                    title=_("专家评审已完成，待结束评审"),
                    subject=name,
                    url=reverse("assessment:round", args=[pk]),
                )
            )
        elif stage == R.DECIDING and _is_authority(prefixes, jurisdiction):
            items.append(
                InboxItem(
                    key=f"assessment.decide:{pk}",
                    title=ngettext("%(n)d 个考核对象待审定", "%(n)d 个考核对象待审定", undecided)
                    % {"n": undecided}
                    if undecided
                    else _("考核结果待公布"),
                    subject=name,
                    url=reverse(
                        "assessment:decisions" if undecided else "assessment:publish", args=[pk]
                    ),
                    count=undecided or 1,
                )
            )
    return items + _reviews(user, prefixes)


def _reviews(user, prefixes) -> list[InboxItem]:
    reviewers = Q(case__scores__for_review=True)
    rows = (
        ReviewRequest.objects.filter(managed(user, "case__round__programme"), status=REQUESTED)
        .annotate(
            assigned=Count("case__scores", filter=reviewers),
            open=Count("case__scores", filter=reviewers & Q(case__scores__submitted_at=None)),
        )
        .values_list(
            "pk",
            "case__round__name",
            "case__studio__name",
            "case__round__programme__jurisdiction_id",
            "assigned",
            "open",
        )
        .order_by("pk")
    )
    items = []
    for pk, name, studio, jurisdiction, assigned, open_ in rows:
        if not assigned:
            items.append(
                InboxItem(
                    key=f"assessment.review_panel:{pk}",
                    title=_("复核申请待安排复核专家"),
                    subject=f"{name} · {studio}",
                    url=reverse("assessment:review", args=[pk]),
                )
            )
        elif not open_ and _is_authority(prefixes, jurisdiction):
            items.append(
                InboxItem(
                    key=f"assessment.review_decide:{pk}",
                    title=_("复核评分已完成，待作出复核决定"),
                    subject=f"{name} · {studio}",
                    url=reverse("assessment:review", args=[pk]),
                )
            )
    return items


def items(user) -> list[InboxItem]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    found = []
    principal = access_of(user).principal_id
    if principal is not None:
        found += host_work(principal, today)
        found += surveys_to_answer(principal, today)
    if scope_of(user).has(Role.EXPERT):
        found += cases_to_score(user)
    found += managers_work(user)
    return found


def grading_to_do(user) -> list[InboxItem]:
    """One item per round still being graded by this user, and per graded round to publish;
    one query."""
    access = access_of(user)
    centre = managed(user)
    principal = access.principal_id
    if centre is None and principal is None:
        return []
    rounds = Q(pk__in=[])
    mine = Q(pk__in=[])
    if principal is not None:
        hosted = Case.objects.filter(studio__host_id=principal).values("round_id")
        rounds |= Q(assessed_by=Assessor.HOST, pk__in=hosted)
        mine |= Q(assessed_by=Assessor.HOST, cases__studio__host_id=principal)
    if centre is not None:
        rounds |= centre
        mine |= Q(assessed_by=Assessor.CENTRE)
    waiting = ~Q(cases__status=Case.Status.DECIDED)
    rows = (
        Round.objects.filter(rounds, stage=R.PREPARING)
        .exclude(assessed_by=Assessor.EXPERTS)
        .annotate(
            mine=Count("cases", filter=waiting & mine),
            waiting=Count("cases", filter=waiting),
            total=Count("cases"),
        )
        .order_by("closes_on", "pk")
        .values_list(
            "pk",
            "name",
            "closes_on",
            "mine",
            "waiting",
            "total",
            "programme_id",
            "programme__jurisdiction_id",
        )
    )
    items = []
    for pk, name, closes_on, n, left, total, programme, jurisdiction in rows:
        url = reverse("assessment:grade", args=[pk])
        if n:
            items.append(
                InboxItem(
                    key=f"assessment.grade:{pk}",
                    title=ngettext("%(n)d 人待评定等次", "%(n)d 人待评定等次", n) % {"n": n},
                    subject=name,
                    due=closes_on,
                    url=url,
                    count=n,
                )
            )
        elif (
            total
            and not left
            and centre is not None
            and access.manages(Programme(pk=programme, jurisdiction_id=jurisdiction))
        ):
            items.append(
                InboxItem(
                    key=f"assessment.publish_grades:{pk}",
                    title=_("等次已全部评定，待公布"),
                    subject=name,
                    url=url,
                )
            )
    return items
