"""How long a deliverable must be under a programme's policy, and how far a text is from it."""

from django.utils.translation import gettext as _

from touyan.policies import schema

# The longest texts the record keeps. Models, forms, API schemas and the import read them here;
# the services refuse longer texts with a message naming the field and its limit.
CODE_MAX = 40
TITLE_MAX = 200
PLACE_MAX = 200
NOTE_MAX = 200
DESCRIPTION_MAX = 20_000
BODY_MAX = 500_000

# The longest length a deliverable may be declared to have: far beyond any plan or report,
# well within what the database stores.
MAX_DECLARED_CHARS = 10_000_000


def min_chars_for(spec: schema.Policy, kind: str) -> int | None:
    """The strictest minimum length the policy's deliverables rules set for ``kind``."""
    minimums = [
        rule.min_chars
        for rule in spec.rules
        if isinstance(rule, schema.Deliverables)
        and rule.deliverable_kind == kind
        and rule.min_chars
    ]
    return max(minimums) if minimums else None


def owners_of(spec: schema.Policy, kind: str) -> set[str]:
    """Who the policy expects a kind from (studio, member, trainee); empty when no rule says."""
    return {
        rule.per
        for rule in spec.rules
        if isinstance(rule, schema.Deliverables) and rule.deliverable_kind == kind
    }


def length_note(count: int, minimum: int | None) -> str:
    """当前 8,512 字，还差 1,488 字 — or just the count when the policy sets no minimum."""
    if minimum is None:
        return _("共 %(count)s 字") % {"count": f"{count:,}"}
    if count >= minimum:
        return _("共 %(count)s 字，已达到不少于 %(minimum)s 字的要求") % {
            "count": f"{count:,}",
            "minimum": f"{minimum:,}",
        }
    return _("当前 %(count)s 字，还差 %(missing)s 字（要求不少于 %(minimum)s 字）") % {
        "count": f"{count:,}",
        "missing": f"{minimum - count:,}",
        "minimum": f"{minimum:,}",
    }
