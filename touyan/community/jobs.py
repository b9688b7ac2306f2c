"""The community's periodic job: count the online study sessions whose window has closed
(``community.close_sessions``, every quarter of an hour; docs/jobs.md)."""

from __future__ import annotations

from touyan.jobs.kinds import job


# Not atomic: each session is counted in its own transaction, so a second delivery (or a
# second machine) finds it counted and does nothing.
@job("community.close_sessions", atomic=False)
def close_sessions(job) -> dict:
    from .services.sessions import close_due

    return {"closed": close_due()}
