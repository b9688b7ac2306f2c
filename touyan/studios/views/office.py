"""The centre's pages (HN-3.5): the programme's studios with where each prospectus stands, and
one prospectus to approve (it becomes public) or return with a note."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.transitions import AlreadyDone
from touyan.programmes.models import Studio
from touyan.programmes.selectors import programmes_visible_to
from touyan.programmes.views.base import ProgrammeMixin

from .. import services
from ..forms import ReviewForm
from ..models import Prospectus

S = Prospectus.Status
# The words of the queue; an approved prospectus is simply public.
STATUS_WORDS = {
    None: gettext_lazy("无"),
    S.DRAFT: gettext_lazy("编辑中"),
    S.SUBMITTED: gettext_lazy("待审核"),
    S.RETURNED: gettext_lazy("退回修改"),
    S.APPROVED: gettext_lazy("已公开"),
}
# Waiting for the centre first, then what the host still works on, then what is done.
QUEUE_ORDER = {S.SUBMITTED: 0, S.RETURNED: 1, S.DRAFT: 2, None: 3, S.APPROVED: 4}
PARTS = (
    ("goals", gettext_lazy("建设目标")),
    ("features", gettext_lazy("主要特色")),
    ("conditions", gettext_lazy("成员条件")),
    ("requirements", gettext_lazy("成员要求")),
)


def prospectus_of(studio: Studio) -> Prospectus | None:
    try:
        return studio.prospectus
    except Prospectus.DoesNotExist:
        return None


def status_of(prospectus: Prospectus | None) -> str | None:
    return prospectus.status if prospectus is not None else None


def status_words(prospectus: Prospectus | None) -> str:
    return str(STATUS_WORDS[status_of(prospectus)])


def studios_in_reach(user):
    """Studios of the programmes the user may see; the permission narrows further."""
    return Studio.objects.filter(programme__in=programmes_visible_to(user)).select_related(
        "programme__policy_version", "host", "base_school", "region", "prospectus"
    )


class ReviewQueueView(ProgrammeMixin, TemplateView):
    permission_required = "programmes.manage_programme"
    template_name = "studios/office/queue.html"

    def get_context_data(self, **kwargs):
        studios = self.programme.studios.select_related(
            "host", "base_school", "region", "prospectus"
        )
        rows = []
        for studio in studios:
            prospectus = prospectus_of(studio)
            rows.append(
                {
                    "studio": studio,
                    "prospectus": prospectus,
                    "status": status_of(prospectus),
                    "words": status_words(prospectus),
                }
            )
        rows.sort(key=lambda row: (QUEUE_ORDER[row["status"]], row["studio"].name))
        return super().get_context_data(
            rows=rows,
            waiting=sum(1 for row in rows if row["status"] == S.SUBMITTED),
            public=sum(1 for row in rows if row["prospectus"] and row["prospectus"].is_public),
            **kwargs,
        )


def compare(prospectus: Prospectus) -> dict:
    """The working copy part by part, with the published text beside it where it differs."""
    published = prospectus.published or {}
    parts = [
        {
            "label": label,
            "text": getattr(prospectus, name),
            "published": published.get(name, ""),
            "changed": bool(published) and published.get(name, "") != getattr(prospectus, name),
        }
        for name, label in PARTS
    ]
    old_plan = {entry["year"]: entry for entry in published.get("plan") or []}
    plan = [
        {
            **entry,
            "published": old_plan.get(entry["year"]),
            "changed": bool(published) and old_plan.get(entry["year"]) != entry,
        }
        for entry in prospectus.plan or []
    ]
    return {
        "parts": parts,
        "plan": plan,
        "changed": bool(published) and any(item["changed"] for item in (*parts, *plan)),
    }


class ReviewView(ObjectPermissionMixin, TemplateView):
    permission_required = "studios.review_prospectus"
    template_name = "studios/office/review.html"

    def get_queryset(self):
        return studios_in_reach(self.request.user)

    @cached_property
    def studio(self) -> Studio:
        return self.get_object()

    def get_context_data(self, **kwargs):
        studio = self.studio
        prospectus = prospectus_of(studio)
        may_decide = prospectus is not None and prospectus.status == S.SUBMITTED
        if may_decide:
            kwargs.setdefault("form", ReviewForm())
        return super().get_context_data(
            studio=studio,
            programme=studio.programme,
            prospectus=prospectus,
            words=status_words(prospectus),
            comparison=compare(prospectus) if prospectus is not None else None,
            may_decide=may_decide,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        studio = self.studio
        form = ReviewForm(request.POST)
        form.is_valid()  # the note is optional to the form; the service decides
        approve = request.POST.get("decision") == "approve"
        try:
            services.review_prospectus(
                actor=Actor.from_request(request),
                studio=studio,
                approve=approve,
                note=form.cleaned_data.get("note", ""),
            )
        except AlreadyDone as done:
            for message in done.messages:
                messages.info(request, message)
            return redirect("studios:queue", slug=studio.programme.slug)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        if approve:
            text = _("已审核通过“%(studio)s”的简介，公开页已更新") % {"studio": studio.name}
        else:
            text = _("已将“%(studio)s”的简介退回主持人修改") % {"studio": studio.name}
        messages.success(request, text)
        return redirect("studios:queue", slug=studio.programme.slug)
