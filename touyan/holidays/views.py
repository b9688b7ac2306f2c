"""The calendar's pages for authority admins: the years known, and one year to read or enter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.permissions import PermissionMixin

from .forms import YearForm
from .models import HolidayYear, SpecialDay
from .services import enter_year

FIRST_YEAR, LAST_YEAR = 2004, 2100


class YearListView(PermissionMixin, TemplateView):
    permission_required = "holidays.enter_year"
    template_name = "holidays/years.html"

    def get_context_data(self, **kwargs):
        years = list(HolidayYear.objects.all())
        known = {entry.year for entry in years}
        this_year = timezone.localdate().year
        missing = [y for y in (this_year, this_year + 1) if y not in known]
        return super().get_context_data(years=years, missing=missing, **kwargs)


class YearView(PermissionMixin, TemplateView):
    permission_required = "holidays.enter_year"
    template_name = "holidays/year.html"

    def dispatch(self, request, *args, **kwargs):
        if not FIRST_YEAR <= kwargs["year"] <= LAST_YEAR:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def entry(self) -> HolidayYear | None:
        return HolidayYear.objects.filter(year=self.kwargs["year"]).first()

    def get_context_data(self, **kwargs):
        entry = self.entry
        days = list(entry.days.all()) if entry else []
        form = kwargs.pop("form", None)
        if form is None and not (entry and entry.shipped):
            form = YearForm(initial=_initial(entry, days))
        return super().get_context_data(
            entry=entry,
            holidays=[d for d in days if d.kind == SpecialDay.Kind.HOLIDAY],
            workdays=[d for d in days if d.kind == SpecialDay.Kind.WORKDAY],
            form=form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = YearForm(request.POST)
        if form.is_valid():
            try:
                enter_year(
                    actor=Actor.from_request(request), year=kwargs["year"], **form.cleaned_data
                )
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(
                    request, _("已录入 %(year)d 年节假日安排") % {"year": kwargs["year"]}
                )
                return redirect("holidays:year", kwargs["year"])
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _attach(form: YearForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _initial(entry: HolidayYear | None, days: list[SpecialDay]) -> dict:
    if entry is None:
        return {}
    lines = {
        kind: [f"{d.date:%Y-%m-%d} {d.name}".strip() for d in days if d.kind == kind]
        for kind in SpecialDay.Kind
    }
    return {
        "source": entry.source,
        "holidays": "\n".join(lines[SpecialDay.Kind.HOLIDAY]),
        "workdays": "\n".join(lines[SpecialDay.Kind.WORKDAY]),
    }
