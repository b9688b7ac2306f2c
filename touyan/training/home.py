"""What the training domain shows on the home page and in the menu."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.accounts.roles import Role
from touyan.accounts.scopes import scope_of
from touyan.core.registry import Card, MenuEntry
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Trainee
from touyan.records.models import ResearchProject

from .access import mentored_trainee_ids, research_programme_ids
from .models import LeaveRequest, RemovalCase
from .selectors.leave import own_requests
from .selectors.removal import in_districts, removal_cases_visible_to


# Leave: a trainee's requests, the latest first (HZ-3.4.1.1).
def leave_cards(user) -> list[Card]:
    if access_of(user).principal_id is None:
        return []
    requests = list(own_requests(user).order_by("-activity__date", "-pk")[:3])
    if not requests and not user.has_perm("training.sign_in"):
        return []
    lines = [
        f"{r.activity.date:%m-%d} {r.activity.title}：{r.get_state_display()}" for r in requests
    ]
    pending = sum(r.state == LeaveRequest.State.REQUESTED for r in requests)
    text = "；".join(lines) if lines else _("没有请假记录。请假须在培训开始前提出。")
    if pending:
        text += _("（%(n)d 份待审批）") % {"n": pending}
    return [
        Card(
            title=_("请假与签到"),
            text=text,
            links=[
                (reverse("training:my_leave"), _("我的请假")),
                (reverse("training:sign_in"), _("签到码签到")),
            ],
        )
    ]


# Removal: a district officer follows the cases of their district's trainees (HZ-3.4.1) -----


def district_removal_card(user) -> list[Card]:
    """Asked only of district officers (the centre decides cases from its programme page, a
    trainee answers from the notice), so other people's home pages pay nothing."""
    codes = access_of(user).district_codes
    if not codes:
        return []
    counts = (
        removal_cases_visible_to(user)
        .filter(in_districts(codes))
        .aggregate(
            pending=Count("pk", filter=~Q(state=RemovalCase.State.DECIDED)),
            removed=Count("pk", filter=Q(decision=RemovalCase.Decision.REMOVE)),
        )
    )
    if not counts["pending"] and not counts["removed"]:
        return []
    return [
        Card(
            title=_("淘汰审议"),
            text=_("本区培养人选：审议中 %(pending)d 件，已淘汰 %(removed)d 人。") % counts,
            links=[(reverse("training:removal_cases"), _("查看淘汰审议"))],
        )
    ]


# Research: the research institute's card and menu entry (HZ-4.2.1) ---------------------------


def _guided_programmes(user) -> list[Programme]:
    ids = research_programme_ids(user)
    if not ids:
        return []
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def research_menu(user) -> list[MenuEntry]:
    """课题指导 for the research institute: one entry per programme it guides."""
    return [
        MenuEntry(
            url=reverse("training:research", args=[p.slug]),
            label=_("课题指导"),
            sections=(reverse("training:research", args=[p.slug]),),
        )
        for p in _guided_programmes(user)[:1]
    ]


def research_card(user) -> list[Card]:
    """The programmes whose trainees' research the institute guides, with what waits."""
    ids = research_programme_ids(user)
    if not ids:
        return []
    stage = ResearchProject.Stage
    programmes = Programme.objects.filter(pk__in=ids).annotate(
        applied=Count("projects", filter=Q(projects__stage=stage.APPLIED, projects__studio=None)),
        running=Count(
            "projects",
            filter=Q(projects__stage__in=[stage.APPROVED, stage.MIDTERM], projects__studio=None),
        ),
    )
    links = []
    for programme in programmes.order_by("name"):
        links.append(
            (
                reverse("training:research", args=[programme.slug]),
                _("%(name)s：申报中 %(applied)d 项，在研 %(running)d 项")
                % {
                    "name": programme.name,
                    "applied": programme.applied,
                    "running": programme.running,
                },
            )
        )
    return [
        Card(
            title=_("培养人选的研究课题"),
            text=_("阅读培养人选的课题、成果和结题报告，提出指导意见。"),
            links=links,
        )
    ]


# Mentor teams and plans (HZ-3.3.4, HZ-3.3.3): the mentor's card and menu entry, the
# trainee's card for their plan.
def _mentors(user) -> frozenset[int]:
    """The trainees the user mentors; asked only of holders of the ``mentor`` role (every
    team member holds it on the team's programme), so other people's pages pay nothing."""
    if not scope_of(user).has(Role.MENTOR):
        return frozenset()
    return mentored_trainee_ids(user)


def mentor_card(user) -> list[Card]:
    ids = _mentors(user)
    if not ids:
        return []
    return [
        Card(
            title=_("我指导的培养人选"),
            text=ngettext(
                "您的导师团队指导 %(n)d 位培养人选。",
                "您的导师团队指导 %(n)d 位培养人选。",
                len(ids),
            )
            % {"n": len(ids)},
            links=[(reverse("training:mentor_workspace"), _("导师工作台"))],
        )
    ]


def _own_trainee(user):
    principal = access_of(user).principal_id
    if principal is None:
        return None
    return (
        Trainee.objects.filter(principal_id=principal)
        .exclude(status=Trainee.Status.REMOVED)
        .order_by("-cohort__number")
        .first()
    )


def trainee_card(user) -> list[Card]:
    trainee = _own_trainee(user)
    if trainee is None:
        return []
    return [
        Card(
            title=_("个人发展规划"),
            text=_("一人一方案：填写发展目标、举措和里程碑，提交后由导师指导、培训中心批准。"),
            links=[(reverse("training:plan", args=[trainee.pk]), _("我的个人发展规划"))],
        )
    ]


def menu_entries(user) -> list[MenuEntry]:
    if not _mentors(user):
        return []
    return [
        MenuEntry(
            url=reverse("training:mentor_workspace"),
            label=_("导师工作台"),
            sections=("/training/mentor/", "/training/trainees/"),
        )
    ]
