"""What assessment rounds put in the 待办 inbox, one item per round (or case for one person):

- hosts: the dossier to submit before the round closes; a 不合格 result whose review window
  (复核) is open;
- members: the survey to answer;
- experts: cases to score (first panel, one item per round) and review cases to score;
- the centre: cases flagged for moderation, rounds ready to close scoring, review requests
  waiting for their panel;
- the authority: cases to decide, reviews to decide.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows, scope_of
from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.inbox import managed
from touyan.regions import codes

from .models import Case, Consequence, ReviewRequest, Round, Score, SurveyInvitation

R = Round.Stage
C = Case.Status

# The pages of other audiences, by address (they are reached from here, not reversed by name).
DOSSIER_PAGE = "/assessment/cases/{pk}/dossier/"
SURVEY_PAGE = "/assessment/survey/{pk}/"
EXPERT_PAGE = "/assessment/expert/"
ROUND_PAGE = "/assessment/rounds/{pk}/"


def dossiers_to_submit(user, principal: int, today) -> list[InboxItem]:
    rows = Case.objects.filter(
        studio__host_id=principal,
        member__isnull=True,
        status=C.PREPARING,
        round__stage=R.PREPARING,
        round__opens_on__lte=today,
        round__closes_on__gte=today,
    ).values_list("pk", "round__name", "round__closes_on", "studio__name")
    return [
        InboxItem(
            key=f"assessment.dossier:{pk}",
            title=_("考核材料待提交"),
            subject=f"{name} · {studio}",
            due=closes_on,
            url=DOSSIER_PAGE.format(pk=pk),
        )
        for pk, name, closes_on, studio in rows
    ]


def reviews_to_request(user, principal: int, today) -> list[InboxItem]:
    rows = (
        Case.objects.filter(
            studio__host_id=principal,
            member__isnull=True,
            consequence=Consequence.REVOKE,
            applied_at__isnull=True,
            round__stage=R.PUBLISHED,
            round__review_closes_on__gte=today,
        )
        .exclude(Exists(ReviewRequest.objects.filter(case=OuterRef("pk"))))
        .values_list("pk", "round__name", "round__review_closes_on")
    )
    return [
        InboxItem(
            key=f"assessment.review_window:{pk}",
            title=_("考核结果为不合格，可在截止前申请复核"),
            subject=name,
            due=closes_on,
            url=reverse("assessment:result", args=[pk]),
        )
        for pk, name, closes_on in rows
    ]


def surveys_to_answer(user, principal: int, today) -> list[InboxItem]:
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
            url=SURVEY_PAGE.format(pk=case),
        )
        for case, name, closes_on, studio in rows
    ]


def cases_to_score(user) -> list[InboxItem]:
    waiting = Score.objects.filter(expert=user, submitted_at__isnull=True)
    first = (
        waiting.filter(for_review=False, case__round__stage=R.SCORING)
        .values_list("case__round_id", "case__round__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    items = [
        InboxItem(
            key=f"assessment.score:{round_id}",
            title=ngettext("%(n)d 份考核材料待评分", "%(n)d 份考核材料待评分", n) % {"n": n},
            subject=name,
            url=EXPERT_PAGE,
            count=n,
        )
        for round_id, name, n in first
    ]
    again = waiting.filter(
        for_review=True, case__review_request__status=ReviewRequest.Status.REQUESTED
    ).values_list("pk", "case__round__name", "case__studio__name")
    items += [
        InboxItem(
            key=f"assessment.review_score:{pk}",
            title=_("复核材料待评分"),
            subject=f"{name} · {studio}",
            url=reverse("assessment:review_score", args=[pk]),
        )
        for pk, name, studio in again
    ]
    return items


def centre_work(user) -> list[InboxItem]:
    condition = managed(user, "programme")
    if condition is None:
        return []
    scoring = Round.objects.filter(condition, stage=R.SCORING)
    rows = (
        scoring.annotate(
            flagged=Count("cases", filter=Q(cases__needs_moderation=True)),
            unscored=Count("cases", filter=Q(cases__status=C.SUBMITTED)),
        )
        .values_list("pk", "name", "flagged", "unscored")
        .order_by("pk")
    )
    items = []
    for pk, name, flagged, unscored in rows:
        if flagged:
            items.append(
                InboxItem(
                    key=f"assessment.moderate:{pk}",
                    title=ngettext("%(n)d 个考核对象待合议", "%(n)d 个考核对象待合议", flagged)
                    % {"n": flagged},
                    subject=name,
                    url=ROUND_PAGE.format(pk=pk),
                    count=flagged,
                )
            )
        elif not unscored:
            items.append(
                InboxItem(
                    key=f"assessment.close_scoring:{pk}",
                    title=_("专家评审已完成，待结束评审"),
                    subject=name,
                    url=ROUND_PAGE.format(pk=pk),
                )
            )
    panels = (
        ReviewRequest.objects.filter(
            managed(user, "case__round__programme"), status=ReviewRequest.Status.REQUESTED
        )
        .exclude(Exists(Score.objects.filter(case=OuterRef("case"), for_review=True)))
        .values_list("pk", "case__round__name", "case__studio__name", "requested_at")
    )
    items += [
        InboxItem(
            key=f"assessment.review_panel:{pk}",
            title=_("复核申请待安排复核专家"),
            subject=f"{name} · {studio}",
            url=reverse("assessment:review", args=[pk]),
        )
        for pk, name, studio, _requested in panels
    ]
    return items


def _authority(user) -> Q | None:
    """The condition "a programme the user decides for", or None."""
    condition = managed(user, "programme")
    if condition is None:
        return None
    if scope_of(user).everything:
        return condition
    prefixes = [
        codes.scope_prefix(grant.region_id)
        for grant in grant_rows(user)
        if grant.role == Role.AUTHORITY_ADMIN and grant.region_id
    ]
    if not prefixes:
        return None
    within = Q(pk__in=[])
    for prefix in prefixes:
        within |= Q(programme__jurisdiction__code__startswith=prefix)
    return condition & within


def authority_work(user) -> list[InboxItem]:
    condition = _authority(user)
    if condition is None:
        return []
    rows = (
        Round.objects.filter(condition, stage=R.DECIDING)
        .annotate(n=Count("cases", filter=~Q(cases__status=C.DECIDED)))
        .values_list("pk", "name", "n")
        .order_by("pk")
    )
    items = [
        InboxItem(
            key=f"assessment.decide:{pk}",
            title=ngettext("%(n)d 个考核对象待审定", "%(n)d 个考核对象待审定", n) % {"n": n}
            if n
            else _("考核结果待公布"),
            subject=name,
            url=reverse("assessment:decisions", args=[pk])
            if n
            else reverse("assessment:publish", args=[pk]),
            count=n or 1,
        )
        for pk, name, n in rows
    ]
    scored = (
        ReviewRequest.objects.filter(
            case__round__in=Round.objects.filter(condition).values("pk"),
            status=ReviewRequest.Status.REQUESTED,
        )
        .annotate(
            assigned=Count("case__scores", filter=Q(case__scores__for_review=True)),
            open=Count(
                "case__scores",
                filter=Q(case__scores__for_review=True, case__scores__submitted_at__isnull=True),
            ),
        )
        .filter(assigned__gt=0, open=0)
        .values_list("pk", "case__round__name", "case__studio__name")
    )
    items += [
        InboxItem(
            key=f"assessment.review_decide:{pk}",
            title=_("复核评分已完成，待作出复核决定"),
            subject=f"{name} · {studio}",
            url=reverse("assessment:review", args=[pk]),
        )
        for pk, name, studio in scored
    ]
    return items


def items(user) -> list[InboxItem]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    found = []
    principal = access_of(user).principal_id
    if principal is not None:
        found += dossiers_to_submit(user, principal, today)
        found += reviews_to_request(user, principal, today)
        found += surveys_to_answer(user, principal, today)
    found += cases_to_score(user)
    found += centre_work(user)
    found += authority_work(user)
    return found
