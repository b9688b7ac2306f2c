"""What every handler needs from a request: who acts, and the programme they asked for."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from touyan.core.actors import Actor, Source
from touyan.core.addresses import client_address
from touyan.programmes.models import Programme
from touyan.programmes.selectors import programmes_visible_to


class NotFound(Http404):
    """A 404 whose message is meant for the caller (it names only what they asked for)."""


def actor_of(request) -> Actor:
    return Actor(user=request.auth, source=Source.API, ip_address=client_address(request))


def programme_of(request, slug: str) -> Programme:
    programme = programmes_visible_to(request.auth).filter(slug=slug).first()
    if programme is None:
        raise NotFound(_("没有找到项目“%(slug)s”，或您无权查看") % {"slug": slug})
    return programme
