"""The host and member conditions the registry can answer (post, years in post, title),
computed for one principal with a reason. Selection's eligibility (``selection/eligibility.py``)
reads them for every call; the programme reads the host call's for a host it continues into a
new cycle (``host_shortfalls``), where an introduced host's recorded exception (引进, HN-3.3)
stands in for them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from touyan.people.enums import Position, SchoolKind, Title
from touyan.people.models import Principal
from touyan.policies import schema
from touyan.policies.names import shown
from touyan.regions import codes

MET, UNMET, EXPERTS = "met", "unmet", "experts"
COMPUTED = (schema.PostCondition, schema.YearsInPost, schema.TitleCondition)


def computed(condition, principal: Principal, jurisdiction: str, on: dt.date) -> tuple[str, str]:
    """The outcome and reason of a condition the registry answers."""
    if isinstance(condition, schema.PostCondition):
        return post(condition, principal, jurisdiction)
    if isinstance(condition, schema.YearsInPost):
        return years_in_post(condition, principal, on)
    return title(condition, principal)


def host_shortfalls(
    spec: schema.Policy, principal: Principal, *, jurisdiction: str, on: dt.date
) -> list[str]:
    """The reasons the principal does not meet the programme's host call's computed
    conditions on day ``on`` (none when the policy has no host call)."""
    found = []
    for call in spec.selection:
        if call.purpose != "hosts":
            continue
        for condition in call.conditions:
            if isinstance(condition, COMPUTED):
                outcome, reason = computed(condition, principal, jurisdiction, on)
                if outcome == UNMET:
                    found.append(reason)
    return found


def post(condition: schema.PostCondition, principal: Principal, jurisdiction: str):
    school = principal.school
    position = Position(principal.position).label
    if principal.position not in condition.positions:
        return UNMET, _("职务为%(position)s，不在申报范围内") % {"position": position}
    if condition.school_kinds and school.kind not in condition.school_kinds:
        return UNMET, _("所在学校为%(kind)s，不在申报范围内") % {
            "kind": SchoolKind(school.kind).label
        }
    if condition.within_jurisdiction and not codes.contains(jurisdiction, school.region_id):
        return UNMET, _("所在学校不在本项目辖区内")
    if condition.in_service and not principal.in_service:
        return UNMET, _("名册登记为不在职")
    if condition.established and not principal.established:
        return UNMET, _("名册登记为不在编")
    return MET, _("%(school)s%(position)s") % {"school": school.name, "position": position}


def years_in_post(condition: schema.YearsInPost, principal: Principal, on: dt.date):
    tenure = principal.years_in_post(on)
    if tenure is None:
        return UNMET, _("名册中没有任现职时间，无法计算任职年限")
    years, months = tenure
    served = _("任现职%(years)d年%(months)d个月") % {"years": years, "months": months}
    if years >= condition.at_least:
        return MET, served
    return UNMET, _("%(served)s，不满%(at_least)d年") % {
        "served": served,
        "at_least": condition.at_least,
    }


def title(condition: schema.TitleCondition, principal: Principal):
    held = Title(principal.title).label
    if principal.title in condition.titles:
        return MET, _("职称为%(title)s") % {"title": held}
    if condition.otherwise:
        return EXPERTS, _("职称为%(title)s，未达要求；“%(otherwise)s”一项交专家评议") % {
            "title": held,
            "otherwise": shown(condition, "otherwise"),
        }
    return UNMET, _("职称为%(title)s，未达要求") % {"title": held}
