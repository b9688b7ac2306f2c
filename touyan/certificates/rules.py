"""Who may do what with certificates. The centre (whoever manages the programme) issues,
revokes and downloads; the trainee downloads their own; the authority admin of the programme's
jurisdiction uploads the seal. Anyone may verify: that needs no permission."""

import rules

from touyan.accounts.scopes import scope_of
from touyan.programmes.rules import manages_programme, programme_of
from touyan.regions import codes
from touyan.training.rules import is_the_trainee


@rules.predicate
def is_authority_of(user, target) -> bool:
    """An authority admin whose jurisdiction holds the programme's."""
    programme = programme_of(target)
    if programme is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    if scope.everything:
        return True
    return any(
        programme.jurisdiction_id.startswith(codes.scope_prefix(code))
        for code in scope.authority_codes
    )


@rules.predicate
def holds_certificate(user, certificate) -> bool:
    return is_the_trainee(user, certificate.trainee)


@rules.predicate
def manages_certificate(user, certificate) -> bool:
    return manages_programme(user, certificate.cohort)


rules.add_perm("certificates.issue", manages_programme)  # on a cohort
rules.add_perm("certificates.revoke", manages_certificate)
rules.add_perm("certificates.view_certificate", manages_certificate | holds_certificate)
rules.add_perm("certificates.manage_seal", is_authority_of)  # on a programme
rules.add_perm("certificates.view_seal", manages_programme | is_authority_of)
