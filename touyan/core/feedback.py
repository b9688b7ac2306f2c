"""Refusals and form errors shown as messages, on pages that redirect rather than render the
form again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from .transitions import AlreadyDone


def report(request, error: ValidationError, prefix: str = "") -> None:
    """A refusal as a message: a step already taken is news, anything else is an error."""
    show = messages.info if isinstance(error, AlreadyDone) else messages.error
    for message in error.messages:
        show(request, f"{prefix}{message}")


def form_errors(request, form, prefix: str = "") -> None:
    """Each error of an invalid form as a message, after its field's label (hidden fields
    have none a user would know)."""
    for field, errors in form.errors.items():
        shown = form.fields.get(field)
        label = shown.label if shown is not None and not shown.widget.is_hidden else ""
        for error in errors:
            messages.error(request, f"{prefix}{label}：{error}" if label else f"{prefix}{error}")
