"""What the rotation shows outside its pages: its place on 我的工作室, for the host and for
each member, in the programmes whose policy keeps a rotation; a card for those who follow such
a programme."""

from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.registry import Card
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
    programme whose policy keeps one. One query: the programmes with their policy versions
    (each parsed once per process)."""
    if not user.is_authenticated:
        return []
    programmes = (
        programmes_followed_by(user)
        .exclude(status=Programme.Status.CLOSED)
        .order_by("-starts_on", "name")
    )
    return [
        Card(
            title=_("入校诊断：%(programme)s") % {"programme": programme.name},
            text=_("各工作室对成员学校的入校诊断排期、举行与报告。"),
            links=[(reverse("diagnosis:overview", args=[programme.slug]), _("查看"))],
        )
        for programme in programmes
        if parsed(programme.policy_version).diagnosis is not None
    ]
