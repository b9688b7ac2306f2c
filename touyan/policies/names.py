"""The name of a policy item in the user's language: the English beside it when English is
chosen and the policy gives one, else the Chinese the policy is written in."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language


def english_chosen() -> bool:
    return (get_language() or "").startswith("en")


def shown(item, field: str = "name") -> str:
    """``item.name`` (or ``item.<field>``) as the user should read it. ``item`` may also be the
    item as kept in JSON (a call's frozen ``spec``)."""
    read = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name, None)
    if english_chosen():
        english = read(f"{field}_en")
        if english:
            return english
    return read(field) or ""
