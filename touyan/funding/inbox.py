"""The funding domain's 待办 (docs/inbox.md): for authority admins, disbursements waiting for
their decision; for centre staff, budget years ended but not closed; for finance contacts, this
year's expenses recorded with a warning, to explain. One aggregate query each, and none for
whom an item does not concern."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from touyan.core.registry import InboxItem
from touyan.programmes.models import Programme

from .access import funding_access
from .models import Budget, Disbursement, Expense
from .selectors import flagged_expenses, programmes_handled


def disbursements_to_decide(user) -> list[InboxItem]:
    condition = programmes_handled(user, centre=False)
    if condition is None:
        return []
    rows = (
        Disbursement.objects.filter(
            status=Disbursement.Status.REQUESTED,
            budget__programme__in=Programme.objects.filter(condition).values("pk"),
        )
        .values("budget__programme_id", "budget__programme__slug", "budget__programme__name")
        .annotate(n=Count("pk"))
        .order_by("budget__programme_id")
    )
    return [
        InboxItem(
            key=f"funding.disbursements:{row['budget__programme_id']}",
            title=ngettext("%(n)d 笔拨付待审批", "%(n)d 笔拨付待审批", row["n"]) % {"n": row["n"]},
            url=reverse("funding:disbursements", args=[row["budget__programme__slug"]]),
            subject=row["budget__programme__name"],
            count=row["n"],
        )
        for row in rows
    ]


def years_to_close(user) -> list[InboxItem]:
    condition = programmes_handled(user, authority=False)
    if condition is None:
        return []
    today = timezone.localdate()
    rows = (
        Budget.objects.filter(
            programme__in=Programme.objects.filter(condition).values("pk"),
            ends_on__lt=today,
            year_end__isnull=True,
        )
        .values("programme_id", "programme__slug", "programme__name", "source", "year")
        .annotate(n=Count("pk"), ended=Min("ends_on"))
        .order_by("programme_id", "year", "source")
    )
    items = []
    for row in rows:
        items.append(
            InboxItem(
                key=f"funding.year_end:{row['programme_id']}:{row['source']}:{row['year']}",
                title=ngettext(
                    "%(year)s 年度“%(source)s”已结束，%(n)d 项预算待结算",
                    "%(year)s 年度“%(source)s”已结束，%(n)d 项预算待结算",
                    row["n"],
                )
                % {"year": row["year"], "source": row["source"], "n": row["n"]},
                url=reverse(
                    "funding:year_end_confirm",
                    args=[row["programme__slug"], row["source"], row["year"]],
                ),
                subject=row["programme__name"],
                due=row["ended"],
                count=row["n"],
            )
        )
    return items


def warnings_to_explain(user) -> list[InboxItem]:
    access = funding_access(user)
    if not (access.finance_studios or access.finance_cohorts):
        return []
    year = timezone.localdate().year
    rows = (
        flagged_expenses(
            Expense.objects.filter(
                Q(budget__studio_id__in=list(access.finance_studios))
                | Q(budget__cohort_id__in=list(access.finance_cohorts)),
                spent_on__year=year,
            ).exclude(budget__held_by=Budget.Holder.CENTRE)
        )
        .values(
            "budget__programme__slug",
            "budget__studio_id",
            "budget__studio__name",
            "budget__cohort_id",
            "budget__cohort__name",
        )
        .annotate(n=Count("pk"))
        .order_by("budget__studio_id", "budget__cohort_id")
    )
    items = []
    for row in rows:
        studio, cohort = row["budget__studio_id"], row["budget__cohort_id"]
        key = f"studio-{studio}" if studio else f"cohort-{cohort}"
        items.append(
            InboxItem(
                key=f"funding.warnings:{key}",
                title=ngettext(
                    "%(n)d 笔支出带有提示，请向培训中心说明",
                    "%(n)d 笔支出带有提示，请向培训中心说明",
                    row["n"],
                )
                % {"n": row["n"]},
                url=reverse("funding:ledger", args=[row["budget__programme__slug"], key]),
                subject=row["budget__studio__name"] or row["budget__cohort__name"],
                count=row["n"],
            )
        )
    return items
