"""The host's page (HN-3.5): write the studio's prospectus, one theme and plan a cycle year, and
submit it to the centre. An approved version stays public while the host writes the next."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.permissions import ObjectPermissionMixin
from touyan.core.transitions import AlreadyDone
from touyan.programmes.models import Studio

from .. import services
from ..forms import ProspectusForm
from ..models import Prospectus
from .office import status_words, studios_in_reach

S = Prospectus.Status


class ProspectusEditView(ObjectPermissionMixin, FormView):
    permission_required = "studios.edit_prospectus"
    template_name = "studios/host/edit.html"

    def get_queryset(self):
        return studios_in_reach(self.request.user)

    @cached_property
    def studio(self) -> Studio:
        return self.get_object()

    @cached_property
    def years(self) -> int:
        return services.cycle_years(self.studio)

    def prospectus(self) -> Prospectus | None:
        """Read afresh: saving may have changed the status shown beside the form."""
        return Prospectus.objects.filter(studio=self.studio).first()

    def get_form(self, form_class=None):
        return ProspectusForm(**self.get_form_kwargs(), years=self.years)

    def get_initial(self):
        prospectus = self.prospectus()
        return ProspectusForm.initial_from(prospectus.text()) if prospectus else {}

    def form_valid(self, form):
        actor, studio = Actor.from_request(self.request), self.studio
        submitting = "submit" in self.request.POST
        try:
            services.save_prospectus(actor=actor, studio=studio, **form.text())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if not submitting:
            messages.success(self.request, _("已保存"))
            return redirect("studios:edit", pk=studio.pk)
        try:
            services.submit_prospectus(actor=actor, studio=studio)
        except AlreadyDone as done:
            for message in done.messages:
                messages.info(self.request, message)
            return redirect("studios:edit", pk=studio.pk)
        except ValidationError as error:
            # The text is saved; what is missing keeps it from going to the centre.
            add_service_errors(form, error)
            messages.warning(self.request, _("已保存，但尚未提交审核"))
            return self.form_invalid(form)
        messages.success(self.request, _("已提交，等待培训中心审核"))
        return redirect("studios:edit", pk=studio.pk)

    def get_context_data(self, **kwargs):
        studio = self.studio
        prospectus = self.prospectus()
        return super().get_context_data(
            studio=studio,
            programme=studio.programme,
            prospectus=prospectus,
            words=status_words(prospectus),
            # An approved version is public while the host works on another one.
            public_meanwhile=(
                prospectus is not None and prospectus.is_public and prospectus.status != S.APPROVED
            ),
            **kwargs,
        )
