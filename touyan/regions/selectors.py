from django.db.models import Q, QuerySet

from .models import Region


def region_by_name_or_code(value: str) -> Region | None:
    """Find a division by its code or its name, as a roster's 所在市县 column holds either.

    A name may be ambiguous across provinces; callers narrow with ``within``.
    """
    value = value.strip()
    if value.isdigit():
        return Region.objects.filter(code=value).first()
    return Region.objects.filter(name=value).first()


def within(prefixes: list[str], field: str = "code") -> Q:
    """A filter for rows whose region code lies inside any of the given scope prefixes."""
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def counties_under(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(code__startswith=region.scope_prefix).exclude(code=region.code)
