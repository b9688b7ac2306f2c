"""What the funding services share: the policy's funding section and a source by code, the
words for a holder, and telling people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touyan.notifications.services import notify
from touyan.policies import schema
from touyan.programmes.policy import spec_of

from ..models import Budget


def funding_of(programme) -> schema.Funding:
    funding = spec_of(programme).funding
    if funding is None:
        raise ValidationError(_("本项目的政策没有 [funding] 一节，不能管理经费"))
    return funding


def source_of(programme, code: str) -> schema.FundingSource:
    source = funding_of(programme).source(code)
    if source is None:
        raise ValidationError(_("政策中没有经费来源“%(code)s”") % {"code": code})
    return source


def scope_code(budget: Budget) -> str:
    """Where the budget's audit entries are filed: the studio's district, else the programme's
    jurisdiction."""
    if budget.studio_id:
        return budget.studio.region_id
    return budget.programme.jurisdiction_id


def tell(users, title: str, body: str = "") -> None:
    notify(users=users, title=title, body=body)
