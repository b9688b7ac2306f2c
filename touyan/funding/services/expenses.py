"""Expenses: entered by the holder's finance contact (the centre for what it holds itself),
checked against the policy, never changed; a mistake is reversed once and entered again.

Each check either refuses the entry (a ValidationError naming the check and the figures) or,
where the policy's ``[funding.checks]`` says ``warn``, records its code in ``warnings``:

- ``category``: a category the source does not allow, or not the budget's own category;
- ``balance``: beyond the spendable balance (approved disbursements + carried in − expenses
  net of reversals − returned);
- ``year``: dated outside the budget's year.

Always refused: an activity of another programme or holder, an expense after the revocation of
a studio whose balance the policy freezes, and any entry in a year already closed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.uploads import JPEG, PDF, PNG, atomic_with_files, prepare_upload, save_file
from touyan.records.models import Activity, Organiser

from ..balances import spendable
from ..models import PAYEE_MAX, Budget, Expense
from ..money import yuan
from .common import funding_of, scope_code, source_of

RECEIPT_TYPES = (PDF, JPEG, PNG)


def _refuse_or_warn(outcome: str, code: str, message: str, warnings: list[str]) -> None:
    if outcome == "refuse":
        raise ValidationError(message)
    warnings.append(code)


def _check_activity(budget: Budget, activity: Activity) -> None:
    if activity.programme_id != budget.programme_id:
        raise ValidationError(_("相关活动不属于本项目"))
    if not budget.centre_held:
        organised = Organiser.objects.filter(
            activity=activity, studio_id=budget.studio_id, cohort_id=budget.cohort_id
        ).exists()
        if not organised:
            raise ValidationError(
                _("相关活动“%(title)s”不是%(holder)s组织的活动")
                % {"title": activity.title, "holder": budget.studio or budget.cohort}
            )


def enter_expense(
    *,
    actor: Actor,
    budget: Budget,
    category: str,
    spent_on: dt.date,
    amount_fen: int,
    payee: str,
    activity: Activity | None = None,
    receipt=None,
) -> Expense:
    with atomic_with_files():
        budget = (
            Budget.objects.select_for_update(of=("self",))
            .select_related("programme", "studio", "cohort")
            .get(pk=budget.pk)
        )
        require(actor, "funding.enter_expense", budget)
        if hasattr(budget, "year_end"):
            closed = budget.year_end
            raise ValidationError(
                _("该预算年度已结算（%(outcome)s，%(who)s，%(when)s），不能再录入支出")
                % {
                    "outcome": closed.get_outcome_display(),
                    "who": closed.closer_name,
                    "when": timezone.localtime(closed.closed_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        if not isinstance(amount_fen, int) or amount_fen <= 0:
            raise ValidationError(_("支出金额应大于零；更正已录入的支出请使用冲销"))
        payee = (payee or "").strip()
        if not payee:
            raise ValidationError({"payee": _("请填写收款方")})
        if len(payee) > PAYEE_MAX:
            raise ValidationError({"payee": _("收款方过长")})
        funding = funding_of(budget.programme)
        source = source_of(budget.programme, budget.source)
        checks = funding.checks
        if activity is not None:
            _check_activity(budget, activity)
        studio = budget.studio
        if (
            budget.held_by == Budget.Holder.STUDIO
            and studio.revoked_on is not None
            and source.on_revocation == "freeze"
            and spent_on > studio.revoked_on
        ):
            raise ValidationError(
                _("工作室已于 %(date)s 撤销，结余经费冻结：此后的支出不能录入（本笔 %(day)s）")
                % {"date": studio.revoked_on.isoformat(), "day": spent_on.isoformat()}
            )
        warnings: list[str] = []
        category_name = getattr(funding.category(category), "name", category)
        if category not in source.categories:
            allowed = "、".join(getattr(funding.category(c), "name", c) for c in source.categories)
            _refuse_or_warn(
                checks.category,
                "category",
                _("类别不符：经费来源“%(source)s”只能用于%(allowed)s，本笔为“%(category)s”")
                % {"source": source.name, "allowed": allowed, "category": category_name},
                warnings,
            )
        elif budget.category and category != budget.category:
            _refuse_or_warn(
                checks.category,
                "category",
                _("类别不符：本预算只能用于“%(allowed)s”，本笔为“%(category)s”")
                % {
                    "allowed": getattr(funding.category(budget.category), "name", budget.category),
                    "category": category_name,
                },
                warnings,
            )
        if not budget.starts_on <= spent_on <= budget.ends_on:
            _refuse_or_warn(
                checks.year,
                "year",
                _("不在预算年度内：本预算年度为 %(start)s 至 %(end)s，本笔日期 %(day)s")
                % {
                    "start": budget.starts_on.isoformat(),
                    "end": budget.ends_on.isoformat(),
                    "day": spent_on.isoformat(),
                },
                warnings,
            )
        available = spendable(budget)
        if amount_fen > available:
            _refuse_or_warn(
                checks.balance,
                "balance",
                _("超出余额：本预算可用余额 %(balance)s 元，本笔 %(amount)s 元")
                % {"balance": yuan(available), "amount": yuan(amount_fen)},
                warnings,
            )
        expense = Expense(
            budget=budget,
            category=category,
            spent_on=spent_on,
            amount_fen=amount_fen,
            payee=payee,
            activity=activity,
            warnings=warnings,
            entered_by=actor.user,
            enterer_name=display_name(actor),
        )
        if receipt is not None:
            _type, content = prepare_upload(receipt, RECEIPT_TYPES, kind="receipt")
            save_file(expense.receipt, content)
        expense.save()
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=expense,
            scope_code=scope_code(budget),
            changes={
                "amount_fen": [None, amount_fen],
                "category": [None, category],
                "spent_on": [None, spent_on.isoformat()],
                "payee": [None, payee],
                **({"warnings": [None, warnings]} if warnings else {}),
            },
        )
        return expense


def reverse_expense(*, actor: Actor, expense: Expense, reason: str) -> Expense:
    """One reversing entry (the negative amount, same budget, category and date); a second
    reversal of the same entry is told who reversed it and when."""
    with atomic_with_files():
        original = (
            Expense.objects.select_for_update(of=("self",))
            .select_related("budget__programme", "budget__studio")
            .get(pk=expense.pk)
        )
        budget = Budget.objects.select_for_update().get(pk=original.budget_id)
        require(actor, "funding.reverse_expense", original)
        if original.reverses_id is not None:
            raise ValidationError(_("这是一笔冲销记录，不能再冲销"))
        done = Expense.objects.filter(reverses=original).first()
        if done is not None:
            raise ValidationError(
                _("已冲销（%(who)s，%(when)s），本次操作未重复执行")
                % {
                    "who": done.enterer_name,
                    "when": timezone.localtime(done.entered_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        if hasattr(budget, "year_end"):
            raise ValidationError(_("该预算年度已结算，不能再冲销"))
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("请写明冲销原因")})
        reversal = Expense.objects.create(
            budget=budget,
            category=original.category,
            spent_on=original.spent_on,
            amount_fen=-original.amount_fen,
            payee=original.payee,
            activity=original.activity,
            reverses=original,
            reason=reason[:500],
            entered_by=actor.user,
            enterer_name=display_name(actor),
        )
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=reversal,
            scope_code=scope_code(original.budget),
            changes={"amount_fen": [None, reversal.amount_fen], "reverses": [None, original.pk]},
            note=reason,
        )
        return reversal
