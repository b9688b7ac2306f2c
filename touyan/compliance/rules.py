import rules

from touyan.programmes.rules import manages_programme


@rules.predicate
def follows_programme(user, programme) -> bool:
    """Managers of the programme, users granted it, and district officers of its area."""
    from touyan.programmes.selectors import programmes_followed_by

    return programme is not None and programmes_followed_by(user).filter(pk=programme.pk).exists()


# The dashboard: every visible studio or trainee × every rule. Participants see their own
# verdicts on the personal page instead.
rules.add_perm("compliance.view_dashboard", follows_programme)


# Snapshots hold every subject's verdicts: the programme's managers keep and read them.
rules.add_perm("compliance.keep_snapshots", manages_programme)
