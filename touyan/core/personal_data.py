"""The one place that decides whether a viewer gets a person's ID and mobile numbers in clear.

Every page, form, export, document and API answer that shows a number asks a ``Disclosure``.
The answer is the masked number (``4601**********123X``, ``139****5678``) unless

- the person is the viewer themself, or
- the viewer holds the right to see this person's personal data (``people.view_personal_data``)
  *and* asked for the full numbers: a reveal of one record (``reveal``) or the full-numbers
  option of an export (``for_export``). Both write an audit entry
  (``touyan.audit.services.reveal``, ``record_export``).

A subject is anything with ``id_number``, ``mobile`` and ``user_id`` (a registry principal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from . import identity

PERMISSION = "people.view_personal_data"
# Holding PERMISSION for some part of the registry, whoever the person.
ASK_PERMISSION = "people.ask_personal_data_in_full"

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
    return viewer is None or viewer.has_perm(ASK_PERMISSION)


def for_export(*, viewer, full: bool) -> Disclosure:
    """The disclosure of an export: full numbers only when asked for and only where the viewer
    holds the right. The export's service audits it (``touyan.audit.services.record_export``)."""
    return Disclosure(viewer=viewer, full=full and may_ask_in_full(viewer))


def asked_in_request(request) -> Disclosure:
    """The disclosure of a download: full numbers only as its explicit option ``?full=1``."""
    return for_export(viewer=request.user, full=request.GET.get("full") == "1")
