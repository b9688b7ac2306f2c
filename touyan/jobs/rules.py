import rules

from touyan.accounts.rules import is_jurisdiction_staff, is_superuser

from .selectors import jobs_visible_to


@rules.predicate
def sees_job(user, job) -> bool:
    return job is not None and jobs_visible_to(user).filter(pk=job.pk).exists()


@rules.predicate
def asked_for_job(user, job) -> bool:
    return job is not None and job.requested_by_id is not None and job.requested_by_id == user.pk


rules.add_perm("jobs.view_jobs", is_superuser | is_jurisdiction_staff)
# Whoever asked for a job follows it (an import's uploader, say), whatever their role.
rules.add_perm("jobs.view_job", sees_job)
# A file a job made holds what its requester may see: nobody else downloads it.
rules.add_perm("jobs.download_file", asked_for_job)
