from django.db.models import Q, QuerySet

from touyan.accounts.scopes import scope_of
from touyan.regions.codes import scope_prefix

from .models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    """Superusers see every job; staff the jobs they asked for; authority admins also every
    job of their area."""
    jobs = Job.objects.select_related("requested_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return jobs.none()
    if user.is_superuser:
        return jobs
    seen = Q(requested_by=user)
    for code in scope_of(user).authority_codes:
        seen |= Q(scope_code__startswith=scope_prefix(code))
    return jobs.filter(seen)
