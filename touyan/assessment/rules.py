"""Who may do what in assessment rounds. Each section belongs to one audience."""

import rules

from touyan.programmes.access import access_of

# The dossier: the host prepares and submits a studio case; the centre may read it. ----------


@rules.predicate
def hosts_case(user, case) -> bool:
    """The host of the case's studio (a studio case, or a member case of that studio)."""
    principal = access_of(user).principal_id
    return (
        case is not None
        and principal is not None
        and case.studio_id is not None
        and case.studio.host_id == principal
    )


@rules.predicate
def manages_round_of_case(user, case) -> bool:
    """The centre: whoever manages the programme the case's round belongs to."""
    return case is not None and access_of(user).manages(case.round.programme)


@rules.predicate
def is_studio_case(user, case) -> bool:
    return case is not None and case.studio_id is not None and case.member_id is None


rules.add_perm("assessment.prepare_dossier", hosts_case & is_studio_case)
rules.add_perm("assessment.view_dossier", hosts_case | manages_round_of_case)
