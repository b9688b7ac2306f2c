"""The centre sets each holder's budget for a source and year, and may change it while nothing
has been disbursed or spent beyond the new amount. Who holds it is the source's ``holder``; a
source the centre keeps per studio (``per = "studio"``, HN-6.2) has one centre-held line per
studio and year, naming the studio."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.models import Cohort, Programme, Studio
from touyan.programmes.policy import spec_of

from .. import years
from ..balances import disbursed, net_spent
from ..models import PAYEE_MAX, Budget
from ..money import yuan
from .common import funding_of, scope_code, source_of


def _holder_matches(source, studio, cohort) -> None:
    wanted = {"studio": studio is not None, "cohort": cohort is not None}
    if source.holder == "centre" and source.per == "studio":
        if studio is None or cohort is not None:
            raise ValidationError(
                _(
                    "经费来源“%(source)s”由培训中心按工作室分列（每个工作室一笔，由培训中心支出）："
                    "请选择一个工作室"
                )
                % {"source": source.name}
            )
        return
    if source.holder == "studio" and (studio is None or cohort is not None):
        raise ValidationError(
            _("经费来源“%(source)s”由工作室持有：请选择一个工作室") % {"source": source.name}
        )
    if source.holder == "cohort" and (cohort is None or studio is not None):
        raise ValidationError(
            _("经费来源“%(source)s”由培训班持有：请选择一个培训班") % {"source": source.name}
        )
    if source.holder == "centre" and any(wanted.values()):
        raise ValidationError(
            _("经费来源“%(source)s”由培训中心持有，不属于某个工作室或培训班")
            % {"source": source.name}
        )


@transaction.atomic
def set_budget(
    *,
    actor: Actor,
    programme: Programme,
    source: str,
    year: int,
    studio: Studio | None = None,
    cohort: Cohort | None = None,
    category: str = "",
    amount_fen: int,
    payee: str,
) -> Budget:
    """Create the budget, or change its amount and payee. Refused below what has already been
    disbursed or spent from it."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    probe = Budget(programme=programme, studio=studio, cohort=cohort, source=source)
    probe.held_by = "studio" if studio else "cohort" if cohort else "centre"
    require(actor, "funding.set_budget", probe)
    spec = spec_of(programme)
    funding = funding_of(programme)
    found = source_of(programme, source)
    _holder_matches(found, studio, cohort)
    probe.held_by = found.holder
    for holder in (studio, cohort):
        if holder is not None and holder.programme_id != programme.pk:
            raise ValidationError(_("所选工作室或培训班不属于本项目"))
    if category and category not in found.categories:
        names = "、".join(funding.category(c).name for c in found.categories)
        raise ValidationError(
            _("支出类别“%(category)s”不在经费来源“%(source)s”的范围内（%(allowed)s）")
            % {"category": category, "source": found.name, "allowed": names}
        )
    if not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValidationError(_("预算金额不能为负数"))
    payee = (payee or "").strip()
    if not payee:
        raise ValidationError({"payee": _("请填写收款单位")})
    if len(payee) > PAYEE_MAX:
        raise ValidationError({"payee": _("收款单位过长")})
    starts_on, ends_on = years.span(programme, spec, found, year)
    budget = (
        Budget.objects.select_for_update()
        .filter(
            programme=programme,
            source=source,
            year=year,
            studio=studio,
            cohort=cohort,
            category=category,
        )
        .first()
    )
    if budget is None:
        budget = Budget.objects.create(
            programme=programme,
            source=source,
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            studio=studio,
            cohort=cohort,
            held_by=found.holder,
            category=category,
            amount_fen=amount_fen,
            payee=payee,
            created_by=actor.user,
        )
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=budget,
            scope_code=scope_code(budget),
            changes={"amount_fen": [None, amount_fen], "payee": [None, payee]},
        )
        return budget
    if hasattr(budget, "year_end"):
        raise ValidationError(_("该预算年度已结算，不能再修改预算"))
    paid, spent = disbursed(budget, requested_too=True), net_spent(budget)
    if amount_fen < max(paid, spent):
        raise ValidationError(
            _("预算不能低于已拨付（含待审批）%(paid)s 元或已支出 %(spent)s 元；本次 %(amount)s 元")
            % {"paid": yuan(paid), "spent": yuan(spent), "amount": yuan(amount_fen)}
        )
    changes = {}
    if budget.amount_fen != amount_fen:
        changes["amount_fen"] = [budget.amount_fen, amount_fen]
    if budget.payee != payee:
        changes["payee"] = [budget.payee, payee]
    if changes:
        budget.amount_fen, budget.payee = amount_fen, payee
        budget.save(update_fields=["amount_fen", "payee"])
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=budget,
            scope_code=scope_code(budget),
            changes=changes,
        )
    return budget
