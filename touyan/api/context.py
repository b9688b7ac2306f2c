"""What every handler needs from a request: who acts, and the programme they asked for."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from touyan.audit import services as audit
from touyan.core import personal_data
from touyan.core.actors import Actor, Source
from touyan.core.addresses import client_address
from touyan.programmes.models import Programme
from touyan.programmes.selectors import programmes_visible_to


class NotFound(Http404):
    """A 404 whose message is meant for the caller (it names only what they asked for)."""


def actor_of(request) -> Actor:
    return Actor(user=request.auth, source=Source.API, ip_address=client_address(request))


def disclosure_of(request) -> personal_data.Disclosure:
    """Numbers masked unless the bearer token carries the personal-data scope; even then only
    where the user may see them. A browser session always gets them masked."""
    token = getattr(request, "api_token", None)
    full = token is not None and token.personal_data
    return personal_data.for_export(viewer=request.auth, full=full)


def record_disclosure(request, disclosure: personal_data.Disclosure, what: str) -> None:
    """One audit entry for an answer that gave full numbers, with the number of people."""
    audit.record_disclosure(actor=actor_of(request), disclosure=disclosure, what=what)


def programme_of(request, slug: str) -> Programme:
    programme = programmes_visible_to(request.auth).filter(slug=slug).first()
    if programme is None:
        raise NotFound(_("没有找到项目“%(slug)s”，或您无权查看") % {"slug": slug})
    return programme
