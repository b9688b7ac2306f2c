import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import hosts_studio, manages_programme
from touyan.programmes.selectors import still_member


@rules.predicate
def manages_programme_of(user, obj) -> bool:
    """For a studio, a cohort or an activity: the user manages its programme."""
    return obj is not None and access_of(user).manages(obj.programme)


@rules.predicate
def is_self(user, principal_id) -> bool:
    return principal_id is not None and access_of(user).principal_id == principal_id


# Activities, attendance and studio deliverables of a studio: the centre, and the host.
rules.add_perm("records.record_for_studio", manages_programme_of | hosts_studio)
# Sessions of a cohort, curriculum credits: the centre.
rules.add_perm("records.record_for_cohort", manages_programme_of)
# A deliverable of one's own (a member's plan, a trainee's report).
rules.add_perm("records.submit_own", is_self)


@rules.predicate
def hosts_in(user, programme) -> bool:
    """The user hosts a studio of the programme."""
    principal = access_of(user).principal_id
    return (
        programme is not None
        and principal is not None
        and programme.studios.filter(host_id=principal).exists()
    )


@rules.predicate
def takes_part_in(user, programme) -> bool:
    """Host, current member or trainee of the programme: they hand in deliverables of their
    own."""
    from touyan.programmes.models import StudioMember, Trainee

    principal = access_of(user).principal_id
    if programme is None or principal is None:
        return False
    return (
        programme.studios.filter(host_id=principal).exists()
        or StudioMember.objects.filter(
            still_member(), studio__programme=programme, principal_id=principal
        ).exists()
        or Trainee.objects.filter(cohort__programme=programme, principal_id=principal).exists()
    )


@rules.predicate
def hosts_an_organiser(user, activity) -> bool:
    principal = access_of(user).principal_id
    return (
        activity is not None
        and principal is not None
        and activity.organisers.filter(studio__host_id=principal).exists()
    )


@rules.predicate
def hosts_every_organiser(user, activity) -> bool:
    """The activity is organised by studios only, all of them hosted by the user. A joint
    activity of several hosts' studios is the training centre's: no one host may change what
    counts for the others."""
    principal = access_of(user).principal_id
    if activity is None or principal is None:
        return False
    hosts = set(activity.organisers.values_list("studio__host_id", flat=True).order_by().distinct())
    return hosts == {principal}


@rules.predicate
def hosts_studio_of(user, obj) -> bool:
    """For a research project: the user hosts the studio it belongs to."""
    return obj is not None and obj.studio_id is not None and hosts_studio(user, obj.studio)


# Activities: the centre for everything; a host for the studios they host. A host changes or
# deletes an activity only when they host every studio that organised it; at a joint activity
# each host takes the roll call of their own studio's people (participants_recorded_by).
rules.add_perm("records.add_activity", manages_programme | hosts_in)
rules.add_perm("records.change_activity", manages_programme_of | hosts_every_organiser)
rules.add_perm("records.take_attendance", manages_programme_of | hosts_an_organiser)
rules.add_perm("records.submit_deliverable", manages_programme | takes_part_in)
# A declared length (待核实) counts once the training centre has checked it against the file.
rules.add_perm("records.verify_deliverable", manages_programme_of)
rules.add_perm("records.change_project", manages_programme_of | hosts_studio_of)
