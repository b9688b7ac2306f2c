import rules

from touyan.programmes.access import access_of


@rules.predicate
def manages_programme_of(user, obj) -> bool:
    """For a studio, a cohort or an activity: the user manages its programme."""
    return obj is not None and access_of(user).manages(obj.programme)


@rules.predicate
def hosts(user, studio) -> bool:
    principal = access_of(user).principal_id
    return studio is not None and principal is not None and studio.host_id == principal


@rules.predicate
def is_self(user, principal_id) -> bool:
    return principal_id is not None and access_of(user).principal_id == principal_id


# Activities, attendance and studio deliverables of a studio: the centre, and the host.
rules.add_perm("records.record_for_studio", manages_programme_of | hosts)
# Sessions of a cohort, curriculum credits: the centre.
rules.add_perm("records.record_for_cohort", manages_programme_of)
# A deliverable of one's own (a member's plan, a trainee's report).
rules.add_perm("records.submit_own", is_self)
