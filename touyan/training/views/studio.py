"""The trainee's 名校长工作室 (HZ-3.3.3, HZ-3.3.3.1): the trainee founds it and records its
activities; the centre adds the principals it brings on and sees every studio of a cohort."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.people.selectors import principals_visible_to
from touyan.programmes.models import Trainee
from touyan.programmes.views.base import ProgrammeMixin

from ..forms.studio import FoundStudioForm, StudioActivityForm, StudioMemberForm
from ..selectors.studio import cohort_studios, studio_summary
from ..services.studio import add_studio_member, found_studio, hold_studio_activity

FORMS = {"found": FoundStudioForm, "member": StudioMemberForm, "activity": StudioActivityForm}


class TraineeStudioView(ProgrammeMixin, TemplateView):
    """我的名校长工作室 for the trainee; the same page for the centre and the mentors."""

    permission_required = "training.view_studio"
    template_name = "training/studio/trainee.html"

    @cached_property
    def trainee(self) -> Trainee:
        trainee = get_object_or_404(
            Trainee.objects.filter(cohort__programme=self.programme).select_related(
                "cohort", "principal__school__region"
            ),
            pk=self.kwargs["pk"],
        )
        trainee.cohort.programme = self.programme
        return trainee

    def get_permission_object(self):
        return self.trainee

    @cached_property
    def summary(self):
        return studio_summary(self.trainee)

    def url(self) -> str:
        return reverse("training:trainee_studio", args=[self.programme.slug, self.trainee.pk])

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("form", "")
        if kind not in FORMS:
            return redirect(self.url())
        form = FORMS[kind](request.POST, prefix=kind)
        if form.is_valid():
            try:
                getattr(self, f"_{kind}")(Actor.from_request(request), form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(self.url())
        return self.render_to_response(self.get_context_data(**{f"{kind}_form": form}))

    def _found(self, actor, data):
        found_studio(actor=actor, trainee=self.trainee, name=data["name"])
        messages.success(self.request, _("已创办名校长工作室"))

    def _activity(self, actor, data):
        studio = self._studio()
        hold_studio_activity(actor=actor, studio=studio, **data)
        messages.success(self.request, _("已登记工作室活动"))

    def _member(self, actor, data):
        studio = self._studio()
        found = principals_visible_to(self.request.user).filter(name=data["name"].strip())
        if data["school"].strip():
            found = found.filter(school__name__contains=data["school"].strip())
        found = list(found[:2])
        if not found:
            raise ValidationError({"name": _("在您可见的名册中没有这位校长")})
        if len(found) > 1:
            raise ValidationError({"school": _("有同名校长，请填写学校")})
        add_studio_member(
            actor=actor, studio=studio, principal=found[0], joined_on=data["joined_on"]
        )
        messages.success(self.request, _("已加入工作室成员"))

    def _studio(self):
        studio = self.summary.studio
        if studio is None:
            raise ValidationError(_("还没有创办名校长工作室"))
        return studio

    def get_context_data(self, **kwargs):
        user, summary = self.request.user, self.summary
        studio = summary.studio
        today = timezone.localdate()
        if studio is None:
            may = {"found": user.has_perm("programmes.found_studio", self.trainee)}
        else:
            may = {
                "activity": user.has_perm("records.record_for", studio),
                "member": user.has_perm("programmes.manage_programme", studio),
                "prospectus": studio.host_id == self.trainee.principal_id
                and user.has_perm("studios.edit_prospectus", studio),
            }
        for kind, form_class in FORMS.items():
            if may.get(kind):
                initial = {"joined_on": today} if kind == "member" else {}
                kwargs.setdefault(f"{kind}_form", form_class(prefix=kind, initial=initial))
        return super().get_context_data(
            trainee=self.trainee,
            summary=summary,
            studio=studio,
            may=may,
            today=today,
            **kwargs,
        )


class CohortStudiosView(ProgrammeMixin, TemplateView):
    """The centre: every trainee studio of a cohort with its members and activities."""

    permission_required = "training.cohort_studios"
    template_name = "training/studio/cohort.html"

    @cached_property
    def cohort(self):
        cohort = get_object_or_404(self.programme.cohorts, number=self.kwargs["number"])
        cohort.programme = self.programme
        return cohort

    def get_permission_object(self):
        return self.cohort

    def get_context_data(self, **kwargs):
        trainees = list(cohort_studios(self.cohort))
        return super().get_context_data(
            cohort=self.cohort,
            trainees=trainees,
            founded=sum(1 for t in trainees if getattr(t, "studio", None) is not None),
            **kwargs,
        )
