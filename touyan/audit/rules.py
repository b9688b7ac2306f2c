import rules

from touyan.accounts.rules import is_authority_admin, is_superuser

rules.add_perm("audit.view_trail", is_superuser | is_authority_admin)
