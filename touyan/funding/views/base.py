"""What the funding pages share: the programme (404 when it has no funding section or the user
may not act on it), and a holder of budgets — a studio, a cohort or the centre — named in the
URL as ``studio-12``, ``cohort-3`` or ``centre`` and found inside the programme."""

from __future__ import annotations

import tempfile
from functools import cached_property

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.downloads import name_download
from touyan.core.permissions import PermissionMixin
from touyan.programmes.models import Cohort, Programme, Studio

from ..models import Budget
from ..presenters import Names
from ..selectors import held_by


class HolderConverter:
    """``studio-12``, ``cohort-3`` or ``centre``."""

    regex = r"(?:studio|cohort)-[0-9]+|centre"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else holder_key(value)


def holder_key(holder) -> str:
    """The URL part naming a holder: a studio, a cohort, or the programme for the centre."""
    if isinstance(holder, Studio):
        return f"studio-{holder.pk}"
    if isinstance(holder, Cohort):
        return f"cohort-{holder.pk}"
    return "centre"


def budget_holder(budget: Budget):
    """Whose ledger the budget is in: the centre's for what it keeps for a studio too."""
    if budget.centre_held:
        return budget.programme
    return budget.studio or budget.cohort


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(write, *, name: str, fallback: str) -> FileResponse:
    """``write(stream)`` into a temporary file, then the file streamed to the client: the
    workbook is never held in memory, and the response closes (so deletes) the file once sent."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return name_download(FileResponse(handle, content_type=XLSX), name, fallback)


def ledger_url(programme, holder) -> str:
    return reverse("funding:ledger", args=[programme.slug, holder_key(holder)])


class FundsMixin(PermissionMixin):
    """One programme with a funding section, found by its slug."""

    @cached_property
    def programme(self) -> Programme:
        programme = get_object_or_404(
            Programme.objects.select_related("jurisdiction", "policy_version"),
            slug=self.kwargs["slug"],
        )
        if Names.of(programme).funding is None:
            raise Http404
        return programme

    @cached_property
    def names(self) -> Names:
        return Names.of(self.programme)

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        kwargs.setdefault("programme", self.programme)
        kwargs.setdefault("names", self.names)
        kwargs.setdefault(
            "may_read_programme",
            self.request.user.has_perm("funding.view_balances", self.programme),
        )
        return super().get_context_data(**kwargs)


class HolderMixin(FundsMixin):
    """One holder of the programme's budgets; the page's permission is asked of it."""

    permission_required = "funding.view_ledger"

    @cached_property
    def holder(self):
        key = self.kwargs["holder"]
        if key == "centre":
            return self.programme
        kind, pk = key.split("-")
        model = Studio if kind == "studio" else Cohort
        return get_object_or_404(model, programme=self.programme, pk=int(pk))

    @cached_property
    def studio(self) -> Studio | None:
        return self.holder if isinstance(self.holder, Studio) else None

    @cached_property
    def cohort(self) -> Cohort | None:
        return self.holder if isinstance(self.holder, Cohort) else None

    @cached_property
    def probe(self) -> Budget:
        """An unsaved budget of this holder: what "may spend from it" is asked of."""
        kind = "studio" if self.studio else "cohort" if self.cohort else "centre"
        return Budget(
            programme=self.programme, studio=self.studio, cohort=self.cohort, held_by=kind
        )

    def holder_budgets(self):
        return held_by(
            studio=self.studio,
            cohort=self.cohort,
            programme=None if (self.studio or self.cohort) else self.programme,
        )

    @property
    def holder_name(self) -> str:
        if self.studio or self.cohort:
            return str(self.holder)
        return _("培训中心")

    def get_permission_object(self):
        return self.holder

    def get_context_data(self, **kwargs):
        kwargs.setdefault("holder", self.holder)
        kwargs.setdefault("holder_key", holder_key(self.holder))
        kwargs.setdefault("holder_name", self.holder_name)
        user = self.request.user
        kwargs.setdefault("may_spend", user.has_perm("funding.enter_expense", self.probe))
        kwargs.setdefault("may_request", user.has_perm("funding.request_disbursement", self.probe))
        return super().get_context_data(**kwargs)
