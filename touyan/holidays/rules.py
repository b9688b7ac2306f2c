import rules

from touyan.accounts.rules import is_authority_admin, is_superuser

# The calendar is national: any authority admin may enter a year once it is published.
rules.add_perm("holidays.enter_year", is_superuser | is_authority_admin)
