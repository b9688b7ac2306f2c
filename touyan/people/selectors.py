from django.db.models import Q, QuerySet

from touyan.accounts.scopes import scope_of
from touyan.regions.codes import scope_prefix
from touyan.regions.selectors import within

from .models import Principal, School


def schools_visible_to(user) -> QuerySet[School]:
    scope = scope_of(user)
    schools = School.objects.select_related("region")
    if scope.everything:
        return schools
    return schools.filter(within(list(scope.registry_prefixes), "region__code"))


def principals_visible_to(user) -> QuerySet[Principal]:
    """The registry rows a user may see: those in their jurisdictions, and their own."""
    scope = scope_of(user)
    principals = Principal.objects.select_related("school", "school__region")
    if scope.everything:
        return principals
    return principals.filter(
        within(list(scope.registry_prefixes), "school__region__code") | Q(user_id=user.pk)
    )


def search_principals(
    principals: QuerySet[Principal],
    *,
    text: str = "",
    region_code: str = "",
    kind: str = "",
    position: str = "",
    title: str = "",
) -> QuerySet[Principal]:
    if text:
        principals = principals.filter(Q(name__contains=text) | Q(school__name__contains=text))
    if region_code:
        principals = principals.filter(within([scope_prefix(region_code)], "school__region__code"))
    if kind:
        principals = principals.filter(school__kind=kind)
    if position:
        principals = principals.filter(position=position)
    if title:
        principals = principals.filter(title=title)
    return principals


def search_schools(
    schools: QuerySet[School], *, text: str = "", region_code: str = "", kind: str = ""
) -> QuerySet[School]:
    if text:
        schools = schools.filter(name__contains=text)
    if region_code:
        schools = schools.filter(within([scope_prefix(region_code)], "region__code"))
    if kind:
        schools = schools.filter(kind=kind)
    return schools
