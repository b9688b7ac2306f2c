"""Carrying the last cycle's studios into this programme (HN-3.3), and an introduced host's
exception (引进): the centre's pages."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors

from .. import services
from ..conditions import host_shortfalls
from ..forms import CarryOverForm, IntroducedHostForm
from ..models import StudioMember
from ..selectors import carry_over_candidates, last_cycle
from .base import ProgrammeMixin
from .studios import studio_url


class CarryOverView(ProgrammeMixin, FormView):
    """Step one lists the last cycle's studios to pick; step two confirms them (with an
    introduced host's reason where the host no longer meets the host conditions); only the
    confirmation carries them over, all or none."""

    permission_required = "programmes.manage_programme"
    template_name = "programmes/carry_over.html"

    @cached_property
    def candidates(self):
        return carry_over_candidates(self.programme)

    @cached_property
    def shortfalls(self) -> dict[int, list[str]]:
        today = timezone.localdate()
        found = {}
        for studio in self.candidates:
            if studio.introduced:
                continue
            reasons = host_shortfalls(
                self.spec, studio.host, jurisdiction=self.programme.jurisdiction_id, on=today
            )
            if reasons:
                found[studio.pk] = reasons
        return found

    def get_form(self, form_class=None):
        return CarryOverForm(
            **self.get_form_kwargs(), candidates=self.candidates, shortfalls=self.shortfalls
        )

    @property
    def confirming(self) -> bool:
        return self.request.method == "POST" and "confirm" in self.request.POST

    def form_valid(self, form):
        picked = list(form.cleaned_data["studios"])
        if not self.confirming:
            return self.render_to_response(self.get_context_data(form=form, picked=picked))
        try:
            carried = services.carry_over_studios(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                studios=picked,
                reasons=form.reasons(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, picked=picked))
        messages.success(
            self.request,
            _("已延续 %(count)d 个工作室及其成员") % {"count": len(carried)},
        )
        return redirect("programmes:detail", slug=self.programme.slug)

    def get_context_data(self, **kwargs):
        studios = list(self.candidates)
        staying = dict(
            StudioMember.objects.filter(studio__in=[s.pk for s in studios], left_on__isnull=True)
            .values("studio")
            .annotate(n=Count("pk"))
            .values_list("studio", "n")
        )
        picked = kwargs.pop("picked", None)
        for studio in [*studios, *(picked or [])]:
            studio.staying = staying.get(studio.pk, 0)
            studio.shortfalls = self.shortfalls.get(studio.pk, [])
        if picked is not None:
            for studio in picked:
                studio.reason_field = kwargs["form"].reason_field(studio)
        return super().get_context_data(
            studios=studios,
            picked=picked,
            last=last_cycle(self.programme),
            heading=_("延续上一周期的工作室"),
            **kwargs,
        )


class IntroducedHostView(ProgrammeMixin, FormView):
    """The centre records that a studio's host is an introduced host (引进), with the reason."""

    permission_required = "programmes.manage_programme"
    template_name = "programmes/introduced_host.html"
    form_class = IntroducedHostForm

    @cached_property
    def studio(self):
        return get_object_or_404(
            self.programme.studios.select_related("host__school"), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"introduced_reason": self.studio.introduced_reason}

    def form_valid(self, form):
        try:
            services.record_introduced_host(
                actor=Actor.from_request(self.request),
                studio=self.studio,
                reason=form.cleaned_data["introduced_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已记录%(name)s为引进主持人") % {"name": self.studio.host.name},
        )
        return redirect(studio_url(self.programme, self.studio))

    def get_context_data(self, **kwargs):
        studio = self.studio
        return super().get_context_data(
            studio=studio,
            shortfalls=host_shortfalls(
                self.spec,
                studio.host,
                jurisdiction=self.programme.jurisdiction_id,
                on=timezone.localdate(),
            ),
            heading=_("%(studio)s：引进主持人") % {"studio": studio.name},
            back_url=studio_url(self.programme, studio),
            **kwargs,
        )
