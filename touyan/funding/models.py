"""Earmarked funds (HN-6.1, HN-6.2, HZ-4.2.3): a budget per holder, source, year and category;
the disbursements that put money at the holder's disposal; the expenses spent from it; and the
year-end that carries, returns or freezes what is left.

Money is exact: integer fen (分) in ``BigIntegerField``s whose names end in ``_fen``; never a
float. ``money.py`` reads and writes yuan. An expense is never changed once entered: a mistake
is reversed by a negative entry (``reverses``) and entered again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped

CODE_MAX = 64
PAYEE_MAX = 200


class Budget(Stamped):
    """What one holder may spend from one source in one budget year: a studio (paid to its
    host's school), a cohort (spent by the training centre) or the centre itself — with no
    studio, or, for a source the centre keeps per studio (``per = "studio"``, HN-6.2), for one
    studio it pays for. ``held_by`` says who holds and spends it, as the source's policy said
    when the budget was set. ``category`` narrows it to one of the source's categories ("" =
    any of them)."""

    class Holder(models.TextChoices):
        STUDIO = "studio", _("工作室")
        COHORT = "cohort", _("培训班")
        CENTRE = "centre", _("培训中心")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="budgets"
    )
    source = models.CharField(_("经费来源"), max_length=CODE_MAX)
    # A calendar year (2026) or a programme year (1, 2, 3), as the source's policy says.
    year = models.PositiveIntegerField(_("预算年度"))
    # The year's first and last day, fixed when the budget is set.
    starts_on = models.DateField(_("年度开始"))
    ends_on = models.DateField(_("年度结束"))
    studio = models.ForeignKey(
        "programmes.Studio",
        verbose_name=_("工作室"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
    )
    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("培训班"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
    )
    held_by = models.CharField(_("持有方"), max_length=16, choices=Holder.choices)
    category = models.CharField(_("支出类别"), max_length=CODE_MAX, blank=True)
    amount_fen = models.BigIntegerField(_("预算金额（分）"))
    payee = models.CharField(_("收款单位"), max_length=PAYEE_MAX)
    carried_from = models.ForeignKey(
        "funding.YearEnd",
        verbose_name=_("结转自"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
    )

    class Meta:
        ordering = ["programme", "year", "source", "pk"]
        verbose_name = _("预算")
        verbose_name_plural = _("预算")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0), name="budget_amount_not_negative"
            ),
            models.CheckConstraint(condition=Q(year__gte=1), name="budget_year_positive"),
            models.CheckConstraint(
                condition=Q(studio__isnull=True) | Q(cohort__isnull=True),
                name="budget_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="budget_year_in_order"
            ),
            # A studio's own budget names it; a cohort's names it; the centre's names no
            # cohort, and a studio only when it pays for that studio.
            models.CheckConstraint(
                condition=Q(held_by="studio", studio__isnull=False)
                | Q(held_by="cohort", cohort__isnull=False)
                | Q(held_by="centre", cohort__isnull=True),
                name="budget_held_by_fits",
            ),
            models.UniqueConstraint(
                fields=["programme", "source", "year", "studio", "category"],
                condition=Q(studio__isnull=False),
                name="budget_unique_studio",
            ),
            models.UniqueConstraint(
                fields=["programme", "source", "year", "cohort", "category"],
                condition=Q(cohort__isnull=False),
                name="budget_unique_cohort",
            ),
            models.UniqueConstraint(
                fields=["programme", "source", "year", "category"],
                condition=Q(studio__isnull=True, cohort__isnull=True),
                name="budget_unique_centre",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "year", "source"], name="budget_programme_year"),
            models.Index(fields=["studio", "year"], name="budget_studio_year"),
            models.Index(fields=["cohort", "year"], name="budget_cohort_year"),
            models.Index(fields=["starts_on"], name="budget_starts_on"),
        ]

    def __str__(self) -> str:
        holder = self.studio or self.cohort or _("培训中心")
        if self.held_by == self.Holder.CENTRE and self.studio_id:
            holder = f"{_('培训中心')}（{self.studio}）"
        return f"{holder} · {self.source} · {self.year}"

    @property
    def holder_kind(self) -> str:
        """ "studio", "cohort" or "centre": who holds and spends it."""
        return self.held_by

    @property
    def centre_held(self) -> bool:
        return self.held_by == self.Holder.CENTRE


class Disbursement(models.Model):
    """Money paid to the holder (to the host's school, or to the centre's account): requested
    by the centre, approved or refused by the authority. Only approved ones count."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="disbursements")
    amount_fen = models.BigIntegerField(_("拨付金额（分）"))
    payee = models.CharField(_("收款单位"), max_length=PAYEE_MAX)
    voucher_no = models.CharField(_("凭证号"), max_length=64, blank=True)
    paid_on = models.DateField(_("拨付日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decider_name = models.CharField(_("审批人"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    note = models.TextField(_("说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["budget", "paid_on", "pk"]
        verbose_name = _("拨付")
        verbose_name_plural = _("拨付")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="disbursement_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["budget", "status"], name="disbursement_budget_status"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.voucher_no or self.pk}"


class ImmutableRow(Exception):
    """An expense is never changed: reverse it and enter it again."""


class Expense(models.Model):
    """One payment from a budget, with its receipt. Never updated: a reversal is a negative
    entry pointing at the one it cancels."""

    upload_folder = "funding/receipts/%Y/%m/"

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="expenses")
    category = models.CharField(_("支出类别"), max_length=CODE_MAX)
    spent_on = models.DateField(_("支出日期"))
    amount_fen = models.BigIntegerField(_("金额（分）"))
    payee = models.CharField(_("收款方"), max_length=PAYEE_MAX)
    activity = models.ForeignKey(
        "records.Activity",
        verbose_name=_("相关活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receipt = models.FileField(_("票据"), upload_to=upload_folder, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲销"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    reason = models.TextField(_("冲销原因"), max_length=500, blank=True)
    # The checks the policy only warns about that this entry failed ("category", "balance",
    # "year").
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enterer_name = models.CharField(_("录入人"), max_length=64, blank=True)
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("支出")
        verbose_name_plural = _("支出")
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount_fen__gt=0)
                | Q(reverses__isnull=False, amount_fen__lt=0),
                name="expense_sign_matches_reversal",
            ),
        ]
        indexes = [
            models.Index(fields=["budget", "spent_on"], name="expense_budget_spent_on"),
            models.Index(fields=["budget", "category"], name="expense_budget_category"),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} · {self.payee}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRow("An expense is never changed: reverse it and enter it again.")
        super().save(*args, **kwargs)


class YearEnd(models.Model):
    """The close of one budget's year: what was left, and what became of it."""

    class Outcome(models.TextChoices):
        CARRIED = "carried", _("结转下年度")
        RETURNED = "returned", _("收回")
        FROZEN = "frozen", _("冻结")

    budget = models.OneToOneField(Budget, on_delete=models.PROTECT, related_name="year_end")
    balance_fen = models.BigIntegerField(_("结余（分）"))
    outcome = models.CharField(_("处理"), max_length=16, choices=Outcome.choices)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closer_name = models.CharField(_("办理人"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("办理时间"), default=timezone.now)

    class Meta:
        verbose_name = _("年度结算")
        verbose_name_plural = _("年度结算")

    def __str__(self) -> str:
        return f"{self.budget} · {self.get_outcome_display()}"
