"""Who may write what in the shared record. Each predicate asks the selector that lists the same
objects (``records.selectors``), so that what a page offers and what a service accepts agree."""

import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme
from touyan.programmes.selectors import still_member

from .selectors import (
    cohorts_recorded_by,
    may_hand_in_as,
    may_record_for,
    memberships_of,
    studios_hosted_by,
    studios_recorded_by,
    trainee_records_of,
)


@rules.predicate
def records_for(user, organiser) -> bool:
    """For a studio or a cohort: the user records its activities, attendance and projects."""
    return organiser is not None and may_record_for(user, organiser)


@rules.predicate
def hosts_in(user, programme) -> bool:
    """The user hosts a studio of the programme."""
    return programme is not None and studios_hosted_by(user, programme).exists()


@rules.predicate
def takes_part_in(user, programme) -> bool:
    """Host, current member or trainee of the programme: they hand in deliverables of their
    own."""
    return programme is not None and (
        studios_hosted_by(user, programme).exists()
        or memberships_of(user, programme).filter(still_member()).exists()
        or trainee_records_of(user, programme).exists()
    )


def _organisers_recorded(user, activity) -> tuple[int, int]:
    """How many organisers ``activity`` has, and for how many of them the user records."""
    # Read through ``all()``, so that the organisers a page prefetched are not asked again.
    pairs = [(o.studio_id, o.cohort_id) for o in activity.organisers.all()]
    studios = {studio for studio, _cohort in pairs if studio}
    cohorts = {cohort for _studio, cohort in pairs if cohort}
    recorded = 0
    if studios:
        recorded += studios_recorded_by(user, activity.programme).filter(pk__in=studios).count()
    if cohorts:
        recorded += cohorts_recorded_by(user, activity.programme).filter(pk__in=cohorts).count()
    return len(studios) + len(cohorts), recorded


@rules.predicate
def records_for_an_organiser(user, activity) -> bool:
    return activity is not None and _organisers_recorded(user, activity)[1] > 0


@rules.predicate
def records_for_every_organiser(user, activity) -> bool:
    """A joint activity of several hosts' studios is the training centre's: no one host may
    change what counts for the others."""
    if activity is None:
        return False
    total, recorded = _organisers_recorded(user, activity)
    return total > 0 and recorded == total


@rules.predicate
def hands_in_as_owner(user, deliverable) -> bool:
    """For a deliverable not yet handed in: the user may hand it in under its owner's name."""
    return deliverable is not None and may_hand_in_as(
        user, deliverable.programme, deliverable.studio, deliverable.principal_id
    )


@rules.predicate
def records_for_project(user, project) -> bool:
    """A studio's project: whoever records for the studio; a trainee's: the centre."""
    if project is None:
        return False
    if project.studio_id is not None:
        return may_record_for(user, project.studio)
    return manages_programme(user, project)


@rules.predicate
def leads_own_project(user, project) -> bool:
    """A trainee's own project (not a studio's): the trainee who leads it records its
    stages and outcomes (HZ-3.3.2)."""
    if project is None or project.studio_id is not None:
        return False
    principal = access_of(user).principal_id
    return (
        principal is not None
        and project.leader_id == principal
        and trainee_records_of(user, project.programme).exists()
    )


@rules.predicate
def is_own_trainee_record(user, trainee) -> bool:
    principal = access_of(user).principal_id
    return trainee is not None and principal is not None and trainee.principal_id == principal


# Activities, attendance, studio deliverables, research projects and curriculum hours of a
# studio or a cohort (``studios_recorded_by``, ``cohorts_recorded_by``).
rules.add_perm("records.record_for", records_for)
# Activities: the centre for everything; a host for the studios they host. A host changes or
# deletes an activity only when they record for every organiser of it; at a joint activity
# each host takes the roll call of their own studio's people (participants_recorded_by).
rules.add_perm("records.add_activity", manages_programme | hosts_in)
rules.add_perm("records.change_activity", records_for_every_organiser)
rules.add_perm("records.take_attendance", records_for_an_organiser)
# The deliverable pages; which owner's name a deliverable goes under is ``hand_in``.
rules.add_perm("records.submit_deliverable", manages_programme | takes_part_in)
rules.add_perm("records.hand_in", hands_in_as_owner)
# A declared length (待核实) counts once the training centre has checked it against the file.
rules.add_perm("records.verify_deliverable", manages_programme)
rules.add_perm("records.change_project", records_for_project | leads_own_project)
# 立项, 未立项 and 结题 count for the rules (HZ-3.T): the centre (or a studio's host) records
# them from the funder's documents; the trainee applies, records the midterm and outcomes.
rules.add_perm("records.decide_project", records_for_project)
# A trainee's research application (HZ-3.3.2): the trainee themself or the centre.
rules.add_perm("records.register_project", manages_programme | is_own_trainee_record)
