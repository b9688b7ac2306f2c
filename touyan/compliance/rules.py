import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme


@rules.predicate
def follows_programme(user, programme) -> bool:
    """Managers of the programme, users granted it, and district officers of its area."""
    if programme is None:
        return False
    access = access_of(user)
    return (
        access.manages(programme)
        or programme.pk in access.viewed_programmes
        or access.follows_district_of(programme)
    )


# The dashboard: every visible studio or trainee × every rule. Participants see their own
# verdicts on the personal page instead.
rules.add_perm("compliance.view_dashboard", follows_programme)


# Snapshots hold every subject's verdicts: the programme's managers keep and read them.
rules.add_perm("compliance.keep_snapshots", manages_programme)
