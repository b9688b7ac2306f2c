"""The programme list, a new programme, a programme's overview, its themes and policy version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.core.permissions import PermissionMixin
from touyan.regions.models import Region

from .. import services
from ..calendar import DAY, ProgrammeCalendar
from ..candidates import policy_versions_for_new_programme
from ..forms import PolicyVersionForm, ProgrammeForm, ThemeForm
from ..models import StudioMember
from ..policy import calendar_of
from ..selectors import (
    cohorts_visible_to,
    programmes_visible_to,
    still_member,
    studios_visible_to,
    trainees_visible_to,
)
from .base import ProgrammeMixin, optional_url

STUDIOS_PER_PAGE = 50


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    reason: str


def excluded_spans(calendar: ProgrammeCalendar) -> list[Span]:
    """The excluded days inside the cycle as runs of consecutive days with one reason."""
    runs: list[list] = []
    for day in sorted(d for d in calendar.excluded_days if calendar.start <= d <= calendar.end):
        reason = calendar.excluded_reason(day)
        if runs and runs[-1][1] + DAY == day and runs[-1][2] == reason:
            runs[-1][1] = day
        else:
            runs.append([day, day, reason])
    return [Span(*run) for run in runs]


class ProgrammeListView(PermissionMixin, TemplateView):
    permission_required = "programmes.view_programmes"
    template_name = "programmes/programme_list.html"

    def get_context_data(self, **kwargs):
        rows = [
            (programme, calendar_of(programme).end)
            for programme in programmes_visible_to(self.request.user)
        ]
        return super().get_context_data(rows=rows, **kwargs)


class ProgrammeCreateView(PermissionMixin, FormView):
    permission_required = "programmes.add_programme"
    template_name = "programmes/programme_form.html"

    def get_form(self, form_class=None):
        return ProgrammeForm(
            **self.get_form_kwargs(),
            versions=policy_versions_for_new_programme(self.request.user),
        )

    def form_valid(self, form):
        try:
            programme = services.create_programme(
                actor=Actor.from_request(self.request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新建项目“%(name)s”") % {"name": programme.name})
        return redirect("programmes:detail", slug=programme.slug)


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    template_name = "programmes/programme_detail.html"

    def get_context_data(self, **kwargs):
        user, programme, spec = self.request.user, self.programme, self.spec
        page, query = paginate(self.request, self._studios(), STUDIOS_PER_PAGE)
        current = dict(
            StudioMember.objects.filter(still_member(), studio__in=[s.pk for s in page])
            .values("studio")
            .annotate(n=Count("pk"))
            .values_list("studio", "n")
        )
        for studio in page:
            studio.member_count = current.get(studio.pk, 0)
        follows = user.has_perm("compliance.view_dashboard", programme)
        return super().get_context_data(
            page=page,
            query=query,
            studio_search=self.request.GET.get("q", ""),
            cohorts=self._cohorts(),
            calendar=self._calendar(),
            themes=self._themes(),
            base_title=spec.naming.base_school if spec.naming else "",
            partner_regions=Region.objects.filter(code__in=programme.partner_regions),
            # Those who follow the programme read the whole grid; participants their own page.
            compliance_url=optional_url("compliance:dashboard", programme.slug)
            if follows
            else optional_url("compliance:mine", programme.slug),
            import_url=optional_url("records_import:upload", programme.slug)
            if user.has_perm("records.add_activity", programme)
            else "",
            tab="overview",
            **kwargs,
        )

    def _studios(self):
        studios = studios_visible_to(self.request.user, self.programme).order_by("name", "pk")
        text = self.request.GET.get("q", "").strip()
        if text:
            studios = studios.filter(
                Q(name__contains=text)
                | Q(host__name__contains=text)
                | Q(base_school__name__contains=text)
            )
        return studios

    def _cohorts(self):
        counts = dict(
            trainees_visible_to(self.request.user, self.programme)
            .values("cohort")
            .annotate(n=Count("pk"))
            .values_list("cohort", "n")
        )
        cohorts = list(cohorts_visible_to(self.request.user, self.programme))
        for cohort in cohorts:
            cohort.trainee_count = counts.get(cohort.pk, 0)
            cohort.end = calendar_of(self.programme, cohort=cohort).end
        return cohorts

    def _calendar(self):
        calendar = calendar_of(self.programme)
        return {
            "start": calendar.start,
            "end": calendar.end,
            "semesters": calendar.periods("semester") if self.spec.calendar.semesters else [],
            "excluded": excluded_spans(calendar),
        }

    def _themes(self):
        if not self.spec.calendar.yearly_themes:
            return []
        titles = {t.year: t for t in self.programme.themes.all()}
        return [
            (year, titles.get(year.index + 1))
            for year in calendar_of(self.programme).periods("year")
        ]


class ThemeView(ProgrammeMixin, FormView):
    permission_required = "programmes.manage_programme"
    template_name = "programmes/theme_form.html"
    form_class = ThemeForm

    def get_initial(self):
        theme = self.programme.themes.filter(year=self.year).first()
        return {"title": theme.title, "description": theme.description} if theme else {}

    @property
    def year(self) -> int:
        year = self.kwargs["year"]
        if not 1 <= year <= (self.spec.calendar.cycle_months + 11) // 12:
            raise Http404
        return year

    def form_valid(self, form):
        try:
            services.set_theme(
                actor=Actor.from_request(self.request),
                programme=self.programme,
                year=self.year,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存第 %(year)d 年的主题") % {"year": self.year})
        return redirect("programmes:detail", slug=self.programme.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, **kwargs)


class PolicyVersionView(ProgrammeMixin, FormView):
    permission_required = "programmes.change_programme"
    template_name = "programmes/policy_version_form.html"

    def get_form(self, form_class=None):
        return PolicyVersionForm(**self.get_form_kwargs(), programme=self.programme)

    def form_valid(self, form):
        version = form.cleaned_data["version"]
        try:
            services.change_policy_version(
                actor=Actor.from_request(self.request), programme=self.programme, version=version
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("项目已改按第 %(number)d 版执行；此前的考核结论仍按原版本")
            % {"number": version.number},
        )
        return redirect("programmes:detail", slug=self.programme.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=self.programme.policy_version, **kwargs)
