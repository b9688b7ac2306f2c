"""The name of a policy item in the user's language: the English beside it when English is
chosen and the policy gives one, else the Chinese the policy is written in."""

from __future__ import annotations

from django.utils.translation import get_language


def english_chosen() -> bool:
    return (get_language() or "").startswith("en")


def shown(item, field: str = "name") -> str:
    """``item.name`` (or ``item.<field>``) as the user should read it."""
    if english_chosen():
        english = getattr(item, f"{field}_en", None)
        if english:
            return english
    return getattr(item, field)
