"""我的工作室: the studios a principal hosts or belongs to, each with every place where its work
is done — the studio's activities, attendance and deliverables, its compliance, and for the host
the prospectus and its public page."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.selectors import is_member_of_studio

from .office import prospectus_of, status_words


def studios_of(principal_id: int):
    return (
        Studio.objects.filter(Q(host_id=principal_id) | is_member_of_studio(principal_id))
        .exclude(programme__status=Programme.Status.CLOSED)
        .distinct()
        .select_related("programme", "prospectus", "region")
        .order_by("-programme__starts_on", "name")
    )


def places(
    studio: Studio, *, hosts: bool, membership_id: int | None = None
) -> list[tuple[str, str]]:
    slug = studio.programme.slug
    links = [
        (reverse("programmes:studio", args=[slug, studio.pk]), _("活动、考勤与成果")),
        (reverse("compliance:mine", args=[slug]), _("合规情况")),
        (reverse("community:studio", args=[slug, studio.pk]), _("学习社区与线上研修")),
    ]
    if membership_id is not None:
        links.append((reverse("studios:archive", args=[membership_id]), _("我的成员档案")))
    prospectus = prospectus_of(studio)
    if hosts:
        links.append(
            (
                reverse("studios:edit", args=[studio.pk]),
                _("工作室简介（%(status)s）") % {"status": status_words(prospectus)},
            )
        )
    if prospectus is not None and prospectus.published_at is not None:
        links.append((reverse("studios:public", args=[studio.pk]), _("公开页面")))
    return links


class MyStudiosView(PermissionMixin, TemplateView):
    template_name = "studios/mine.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access_of(request.user).principal_id is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        principal_id = access_of(self.request.user).principal_id
        studios = list(studios_of(principal_id))
        memberships = dict(
            StudioMember.objects.filter(principal_id=principal_id, studio__in=studios).values_list(
                "studio_id", "pk"
            )
        )
        rows = []
        for studio in studios:
            hosts = studio.host_id == principal_id
            rows.append(
                {
                    "studio": studio,
                    "role": _("主持人") if hosts else _("成员"),
                    "links": places(studio, hosts=hosts, membership_id=memberships.get(studio.pk)),
                }
            )
        return super().get_context_data(rows=rows, **kwargs)
