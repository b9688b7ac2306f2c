from collections.abc import Iterable

from django.utils.translation import gettext as _


def join_list(items: Iterable[str]) -> str:
    """Join names the way the active language lists them (、 in Chinese)."""
    # Translators: the separator between items of an inline list.
    return _("、").join(str(item) for item in items)
