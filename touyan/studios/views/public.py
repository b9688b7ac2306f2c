"""Pages anyone may read without signing in: the studios whose prospectus the centre has
approved, and each one's prospectus as approved (HN-3.5, with the base title of HN-3.2)."""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from touyan.assessment.selectors import commendations
from touyan.core.kept import kept
from touyan.core.public_pages import PUBLIC, ForVisitors
from touyan.people.enums import JUNIOR, PRIMARY, SENIOR, STAGES_OF_KIND
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of
from touyan.selection.models import Call

from ..selectors import public_studios

STAGE_LABELS = {PRIMARY: _("小学"), JUNIOR: _("初中"), SENIOR: _("高中")}


def stages_of(studio) -> list[str]:
    """The school stages of the base school, in school order: 初中、高中."""
    stages = STAGES_OF_KIND.get(studio.base_school.kind, frozenset())
    return [str(label) for stage, label in STAGE_LABELS.items() if stage in stages]


def open_member_call(programme: Programme) -> Call | None:
    """The programme's member call still taking applications (or about to), if any."""
    return (
        Call.objects.filter(
            programme=programme,
            stage=Call.Stage.OPEN,
            spec__purpose="members",
            closes_at__gt=timezone.now(),
        )
        .order_by("closes_at", "pk")
        .first()
    )


class StudioListView(ForVisitors, TemplateView):
    template_name = "studios/public/list.html"
    query_parameters = ("programme",)

    @cached_property
    def programmes(self) -> list[Programme]:
        """The programmes with at least one public studio, for the filter."""
        return list(
            Programme.objects.filter(studios__prospectus__published_at__isnull=False)
            .distinct()
            .order_by("-starts_on", "slug")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # Built only when the kept list is not in the shared cache (core/kept.py).
            listing=SimpleLazyObject(self.listing),
            kept=kept(self.request, PUBLIC, shared=True),
            **kwargs,
        )

    def listing(self) -> dict:
        slug = self.request.GET.get("programme", "")
        chosen = next((p for p in self.programmes if p.slug == slug), None)
        # A programme without public studios (or no such programme) lists nothing.
        studios = public_studios(chosen) if chosen or not slug else []
        studios = list(studios)
        honours = commendations(studio.pk for studio in studios)
        groups: dict[int, dict] = {}
        for studio in studios:
            group = groups.setdefault(
                studio.programme_id, {"programme": studio.programme, "studios": []}
            )
            group["studios"].append((studio, stages_of(studio), honours.get(studio.pk, [])))
        return {"groups": list(groups.values()), "programmes": self.programmes, "chosen": chosen}


class StudioPageView(ForVisitors, TemplateView):
    template_name = "studios/public/studio.html"

    def get_context_data(self, **kwargs):
        studio = get_object_or_404(public_studios(), pk=self.kwargs["pk"])
        prospectus = studio.prospectus
        text = prospectus.published
        if studio.revoked_on and studio.base_title:
            text = without_title(text, studio.base_title)
        return super().get_context_data(
            studio=studio,
            stages=stages_of(studio),
            text=text,
            plan=text.get("plan") or [],
            published_at=prospectus.published_at,
            call=None if studio.revoked_on else open_member_call(studio.programme),
            commendations=commendations([studio.pk]).get(studio.pk, []),
            # The studio's own site (HN-4.1.6), where its programme's policy has one.
            has_site=spec_of(studio.programme).site is not None,
            **kwargs,
        )


def without_title(value, title: str):
    """The prospectus as published, with a revoked studio's base title taken out of its words
    (HN-5.4.1: the title is withdrawn on every public page)."""
    if isinstance(value, str):
        return value.replace(title, "")
    if isinstance(value, list):
        return [without_title(item, title) for item in value]
    if isinstance(value, dict):
        return {key: without_title(item, title) for key, item in value.items()}
    return value
