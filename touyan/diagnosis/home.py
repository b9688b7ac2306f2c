"""What the rotation shows outside its pages: its place on 我的工作室, for the host and for
each member, in the programmes whose policy keeps a rotation; a card for those who follow such
a programme."""

from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.registry import Card
from touyan.policies.models import PolicyVersion
from touyan.programmes.models import Programme
from touyan.programmes.policy import parsed
from touyan.programmes.selectors import programmes_followed_by

from .selectors import diagnosis_of


def studio_links(subject) -> list[tuple[str, str]]:
    studio, hosts = subject
    if diagnosis_of(studio.programme) is None:
        return []
    url = reverse("diagnosis:rotation", args=[studio.programme.slug, studio.pk])
    return [(url, _("入校诊断轮换") if hosts else _("入校诊断"))]


def overview_cards(user) -> list[Card]:
    """For the centre, the authority and district officers: the rotations of each open
    programme whose policy keeps one. Two queries: the programmes, their policy versions."""
    if not user.is_authenticated:
        return []
    rows = list(
        programmes_followed_by(user)
        .exclude(status=Programme.Status.CLOSED)
        .order_by("-starts_on", "name")
        .values_list("slug", "name", "policy_version_id")
    )
    if not rows:
        return []
    versions = {v.pk: v for v in PolicyVersion.objects.filter(pk__in={row[2] for row in rows})}
    return [
        Card(
            title=_("入校诊断：%(programme)s") % {"programme": name},
            text=_("各工作室对成员学校的入校诊断排期、举行与报告。"),
            links=[(reverse("diagnosis:overview", args=[slug]), _("查看"))],
        )
        for slug, name, version in rows
        if parsed(versions[version]).diagnosis is not None
    ]
