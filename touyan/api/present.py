"""Model instances as the plain data the response schemas describe."""

from __future__ import annotations

from touyan.core.personal_data import Disclosure
from touyan.people.models import Principal, School
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of


def region(obj) -> dict:
    return {"code": obj.code, "name": obj.name}


def school(obj: School) -> dict:
    return {"id": obj.pk, "name": obj.name, "region": region(obj.region)}


def person(principal: Principal, disclosure: Disclosure | None = None) -> dict:
    """Name and school; with a disclosure also the numbers as it gives them (masked unless the
    token's scope and the user's right allow them)."""
    answer = {
        "principal_id": principal.pk,
        "name": principal.name,
        "school": school(principal.school),
    }
    if disclosure is not None:
        answer["id_number"] = disclosure.id_number(principal)
        answer["mobile"] = disclosure.mobile(principal)
    return answer


def programme(obj: Programme) -> dict:
    version = obj.policy_version
    return {
        "slug": obj.slug,
        "name": obj.name,
        "status": obj.status,
        "subject": spec_of(obj).policy.subject,
        "jurisdiction": region(obj.jurisdiction),
        "policy": {
            "slug": version.policy.slug,
            "name": version.policy.name,
            "version": version.number,
        },
        "starts_on": obj.starts_on,
        "description": obj.description,
    }
