from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def join_list(items: Iterable[str]) -> str:
    """Join names the way the active language lists them (、 in Chinese)."""
    # Translators: the separator between items of an inline list.
    return _("、").join(str(item) for item in items)


DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """一、十二、二十 … for 1–99 (as ranks are read); digits beyond."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    return (
        ("" if tens < 2 else DIGITS[tens])
        + ("十" if tens else "")
        + (DIGITS[units] if units else "")
    )


def choice_label(rank: int) -> str:
    """第一志愿 in Chinese, "Choice 1" in English (rank counted from 1)."""
    chinese = (get_language() or "zh-hans").startswith("zh")
    return _("第%(n)s志愿") % {"n": chinese_number(rank) if chinese else str(rank)}


def too_long(model, values: dict) -> dict[str, str]:
    """The text fields of ``values`` longer than ``model`` stores, each with a message naming
    the field, its limit and how long the text is (the text itself stays with the user)."""
    problems = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        field = model._meta.get_field(name)
        if field.max_length and len(value) > field.max_length:
            problems[name] = _("“%(label)s”最多 %(limit)s 字，现有 %(count)s 字") % {
                "label": field.verbose_name,
                "limit": f"{field.max_length:,}",
                "count": f"{len(value):,}",
            }
    return problems
