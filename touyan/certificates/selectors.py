"""Reads of certificates, scoped: the centre sees those of the programmes it manages, a trainee
their own; the public sees one certificate at a time, by token or by number."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme

from .models import Certificate


def _managed(access) -> Q:
    condition = Q(pk__in=access.managed_programmes)
    for prefix in access.managed_prefixes:
        condition |= Q(jurisdiction__code__startswith=prefix)
    return condition


def programmes_managed_by(user) -> QuerySet[Programme]:
    access = access_of(user)
    programmes = Programme.objects.select_related("jurisdiction")
    return programmes if access.everything else programmes.filter(_managed(access))


def certificates_visible_to(user) -> QuerySet[Certificate]:
    access = access_of(user)
    certificates = Certificate.objects.select_related(
        "cohort__programme__jurisdiction", "trainee__principal"
    )
    if access.everything:
        return certificates
    condition = Q(cohort__programme__in=programmes_managed_by(user))
    if access.principal_id is not None:
        condition |= Q(trainee__principal_id=access.principal_id)
    return certificates.filter(condition)


def public_certificate(token: str) -> Certificate | None:
    """What the verification page shows: the certificate's own stated fields, nothing of the
    person's record."""
    return (
        Certificate.objects.only(
            "number",
            "token",
            "name",
            "programme_name",
            "cohort_name",
            "completed_on",
            "issued_on",
            "key_id",
            "revoked_at",
            "revoked_reason",
        )
        .filter(token=token)
        .first()
    )


def token_of_number(number: str) -> str | None:
    return (
        Certificate.objects.filter(number=number.strip().upper())
        .values_list("token", flat=True)
        .first()
    )
