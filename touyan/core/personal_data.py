"""The one place that decides whether a viewer gets a person's ID and mobile numbers in clear.

Every page, form, export, document and API answer that shows a number asks a ``Disclosure``.
The answer is the masked number (``4601**********123X``, ``139****5678``) unless

- the person is the viewer themself, or
- the viewer holds the right to see this person's personal data (``people.view_personal_data``)
  *and* asked for the full numbers: a reveal of one record (``reveal``) or the full-numbers
  option of an export (``for_export``). Both write an audit entry.

A subject is anything with ``id_number``, ``mobile`` and ``user_id`` (a registry principal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import identity
from .actors import Actor

PERMISSION = "people.view_personal_data"

# All a look-up by ID number (a form, an import, the API) tells about a person outside the
# user's scope: no name, no school, not even that they are registered elsewhere.
OUTSIDE_SCOPE = gettext_lazy(
    "无法以此身份证号办理。请核对号码；如确认无误，请联系上级教育行政部门。"
)


def is_own(viewer, subject) -> bool:
    user_id = getattr(subject, "user_id", None)
    return viewer is not None and user_id is not None and user_id == viewer.pk


def holds_right(viewer, subject) -> bool:
    """``viewer=None`` is the command line run without ``--as``: it acts on the whole registry."""
    return viewer is None or viewer.has_perm(PERMISSION, subject)


@dataclass
class Disclosure:
    """What one viewer gets of the people one page, export or answer shows.

    ``full`` says the viewer asked for full numbers; each person is still checked against the
    viewer's right. ``disclosed`` collects the people given in full (for the audit entry)."""

    viewer: object = None
    full: bool = False
    disclosed: set = field(default_factory=set)

    def in_full(self, subject) -> bool:
        if is_own(self.viewer, subject):
            return True
        if self.full and holds_right(self.viewer, subject):
            self.disclosed.add(subject.pk)
            return True
        return False

    def id_number(self, subject) -> str:
        value = subject.id_number or ""
        return value if self.in_full(subject) else identity.mask_id_number(value)

    def mobile(self, subject) -> str:
        value = subject.mobile or ""
        return value if self.in_full(subject) else identity.mask_mobile(value)


def masked(viewer) -> Disclosure:
    """What every page shows: masked numbers, the viewer's own in full."""
    return Disclosure(viewer=viewer)


def may_ask_in_full(viewer) -> bool:
    """Whether to offer the viewer a reveal or the full-numbers option anywhere: they hold the
    right for some part of the registry. Each person is still checked on its own."""
    if viewer is None:
        return True
    from touyan.accounts.scopes import scope_of

    scope = scope_of(viewer)
    return scope.everything or bool(scope.personal_data_prefixes)


@transaction.atomic
def reveal(*, actor: Actor, subject, scope_code: str = "") -> Disclosure:
    """Show one person's full numbers to the actor, once, and record who saw whose numbers."""
    from touyan.audit.models import Verb
    from touyan.audit.services import record

    if not (is_own(actor.user, subject) or holds_right(actor.user, subject)):
        raise PermissionDenied
    record(
        actor=actor,
        verb=Verb.REVEAL,
        target=subject,
        scope_code=scope_code,
        note=_("查看完整身份证号与手机号"),
    )
    disclosure = Disclosure(viewer=actor.user, full=True)
    disclosure.in_full(subject)
    return disclosure


def for_export(*, viewer, full: bool) -> Disclosure:
    """The disclosure of an export: full numbers only when asked for and only where the viewer
    holds the right. ``record_export`` writes the audit entry once the rows are written."""
    return Disclosure(viewer=viewer, full=full and may_ask_in_full(viewer))


def asked_in_request(request) -> Disclosure:
    """The disclosure of a download: full numbers only as its explicit option ``?full=1``."""
    return for_export(viewer=request.user, full=request.GET.get("full") == "1")


def record_export(*, actor: Actor, disclosure: Disclosure, what: str, scope_code: str = "") -> None:
    """One audit entry for an export that gave full numbers: what, and how many people."""
    if not disclosure.disclosed:
        return
    from touyan.audit.models import Verb
    from touyan.audit.services import record

    record(
        actor=actor,
        verb=Verb.REVEAL,
        scope_code=scope_code,
        note=_("%(what)s：含完整身份证号与手机号 %(n)d 人")
        % {"what": what, "n": len(disclosure.disclosed)},
    )
