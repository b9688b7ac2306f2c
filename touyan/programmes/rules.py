import rules

from .access import access_of
from .models import Programme


def programme_of(obj) -> Programme | None:
    """A programme, or the programme of what belongs to one (a studio, a cohort, an activity, a
    call, a membership through its studio, a trainee through its cohort)."""
    while obj is not None and not isinstance(obj, Programme):
        for attribute in ("programme", "studio", "cohort"):
            if hasattr(obj, attribute):
                obj = getattr(obj, attribute)
                break
        else:
            return None
    return obj


@rules.predicate
def manages_programme(user, obj) -> bool:
    """The one answer to "does the user manage this programme": ``obj`` is a programme or
    anything that belongs to one."""
    programme = programme_of(obj)
    return programme is not None and access_of(user).manages(programme)


@rules.predicate
def runs_programmes(user) -> bool:
    access = access_of(user)
    return access.everything or bool(access.managed_prefixes or access.managed_programmes)


@rules.predicate
def hosts_studio(user, studio) -> bool:
    principal = access_of(user).principal_id
    return studio is not None and principal is not None and studio.host_id == principal


@rules.predicate
def is_the_trainee_themself(user, trainee) -> bool:
    principal = access_of(user).principal_id
    return trainee is not None and principal is not None and trainee.principal_id == principal


rules.add_perm("programmes.add_programme", runs_programmes)
# A trainee founds their own 名校长工作室 (HZ-3.3.3); the centre may do it for them.
rules.add_perm("programmes.found_studio", manages_programme | is_the_trainee_themself)
rules.add_perm("programmes.change_programme", manages_programme)
rules.add_perm("programmes.manage_programme", manages_programme)
# Viewing a programme is decided by the selector (programmes_visible_to): a programme outside
# it is never fetched, so the object check only has to hold for what the selector returned.


@rules.predicate
def sees_some_programme(user) -> bool:
    from .selectors import programmes_visible_to

    return programmes_visible_to(user).exists()


# The programme list and the menu entry: whoever runs programmes or takes part in one.
rules.add_perm("programmes.view_programmes", runs_programmes | sees_some_programme)


@rules.predicate
def is_the_link_holder(user, link) -> bool:
    """The principal whose link school it is (that they take part in the programme, the
    service checks)."""
    principal = access_of(user).principal_id
    return link is not None and principal is not None and link.principal_id == principal


@rules.predicate
def hosts_the_link_holder(user, link) -> bool:
    """The host of the studio in which the link school's principal is a member."""
    from .models import StudioMember

    principal = access_of(user).principal_id
    if link is None or principal is None:
        return False
    return StudioMember.objects.filter(
        studio__programme_id=link.programme_id,
        studio__host_id=principal,
        principal_id=link.principal_id,
        left_on__isnull=True,
    ).exists()


# Link schools (EX-7): the principal for themselves, their studio's host, the programme's staff.
rules.add_perm(
    "programmes.designate_link_school",
    manages_programme | is_the_link_holder | hosts_the_link_holder,
)
