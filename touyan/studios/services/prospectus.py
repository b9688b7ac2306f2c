"""Writing a studio's prospectus (HN-3.5): the host edits and submits, the centre approves
(which makes it public) or returns it with a note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.programmes.models import Studio
from touyan.programmes.policy import spec_of

from ..models import TEXT_FIELDS, Prospectus
from ..selectors import reviewers_of
from ..states import PROSPECTUS

# Lazy: the labels are read in the language of the request that submits, not at import.
REQUIRED = {
    "goals": gettext_lazy("建设目标"),
    "features": gettext_lazy("主要特色"),
    "conditions": gettext_lazy("成员条件"),
}


def cycle_years(studio: Studio) -> int:
    """The years of the programme's cycle: one theme and plan each (HN-4.0)."""
    calendar = spec_of(studio.programme).calendar
    return max(1, calendar.cycle_months // 12)


def _locked(studio: Studio) -> Prospectus:
    prospectus, _created = Prospectus.objects.get_or_create(studio=studio)
    return PROSPECTUS.lock(prospectus)


def _clean_plan(studio: Studio, plan: list[dict]) -> list[dict]:
    years = cycle_years(studio)
    cleaned = []
    for year in range(1, years + 1):
        entry = next((p for p in plan if p.get("year") == year), {})
        cleaned.append(
            {
                "year": year,
                "theme": str(entry.get("theme", "")).strip(),
                "plan": str(entry.get("plan", "")).strip(),
            }
        )
    return cleaned


@transaction.atomic
def save_prospectus(*, actor: Actor, studio: Studio, **text) -> Prospectus:
    """Save the host's working copy. Editing while the centre looks at it takes it back to
    editing; an approved prospectus stays public as approved until the new text is."""
    require(actor, "studios.edit_prospectus", studio)
    prospectus = _locked(studio)
    before = prospectus.text()
    for name in TEXT_FIELDS:
        if name in text:
            setattr(prospectus, name, str(text[name]).strip())
    if "plan" in text:
        prospectus.plan = _clean_plan(studio, text["plan"])
    changed = [name for name, value in prospectus.text().items() if before[name] != value]
    if not changed:
        return prospectus
    changes = {name: [before[name], prospectus.text()[name]] for name in changed}
    prospectus.updated_at = timezone.now()
    if PROSPECTUS.allows(prospectus, "revise"):
        return PROSPECTUS.move(actor=actor, obj=prospectus, action="revise", changes=changes)
    prospectus.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=prospectus,
        scope_code=studio.region_id,
        changes=changes,
    )
    return prospectus


def missing_parts(prospectus: Prospectus) -> list[str]:
    missing = [str(label) for name, label in REQUIRED.items() if not getattr(prospectus, name)]
    if not prospectus.plan or any(not p["theme"] for p in prospectus.plan):
        missing.append(_("每年的工作主题"))
    return missing


@transaction.atomic
def submit_prospectus(*, actor: Actor, studio: Studio) -> Prospectus:
    require(actor, "studios.edit_prospectus", studio)
    prospectus = _locked(studio)
    PROSPECTUS.check(prospectus, "submit")
    missing = missing_parts(prospectus)
    if missing:
        raise ValidationError(_("还未填写：%(parts)s") % {"parts": "、".join(missing)})
    PROSPECTUS.move(
        actor=actor, obj=prospectus, action="submit", fields={"submitted_at": timezone.now()}
    )
    notify(
        users=reviewers_of(studio),
        title=_("“%(studio)s”提交了工作室简介，请审核") % {"studio": studio.name},
        body="",
        url=_review_url(studio),
    )
    return prospectus


@transaction.atomic
def review_prospectus(*, actor: Actor, studio: Studio, approve: bool, note: str = "") -> Prospectus:
    """Approve (the text becomes public) or return with a note. A second click, or a second
    reviewer at the same moment, finds the decision already made."""
    require(actor, "studios.review_prospectus", studio)
    prospectus = _locked(studio)
    action = "approve" if approve else "return"
    PROSPECTUS.check(prospectus, action)
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("退回时请写明需要修改的地方")})
    now = timezone.now()
    fields = {
        "reviewed_by": actor.user,
        "reviewer_name": display_name(actor),
        "reviewed_at": now,
        "review_note": note,
    }
    if approve:
        fields |= {"published": prospectus.text(), "published_at": now}
    PROSPECTUS.move(actor=actor, obj=prospectus, action=action, fields=fields, note=note)
    host = getattr(studio.host, "user", None)
    notify(
        users=[host],
        title=(
            _("工作室简介已审核公开")
            if approve
            else _("工作室简介被退回修改：%(note)s") % {"note": note}
        ),
        body="",
        url=_edit_url(studio),
    )
    return prospectus


def _review_url(studio: Studio) -> str:
    return reverse("studios:review", args=[studio.pk])


def _edit_url(studio: Studio) -> str:
    return reverse("studios:edit", args=[studio.pk])
