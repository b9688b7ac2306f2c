"""Yuan in, fen out: amounts as people type them, read exactly into integer fen (分), and fen
written back as yuan ("1,234.56"). Never a float."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Beyond any earmarked budget (a hundred billion yuan): a typing slip, not an amount.
MAX_FEN = 100_000_000_000 * 100

_AMOUNT = re.compile(r"^(?P<sign>[-+]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<part>\d*))?$")


def parse_yuan(text: str, *, allow_negative: bool = False, allow_zero: bool = False) -> int:
    """The amount ``text`` names in yuan, as integer fen: "1234.5", "1,234.56", "１２３４"
    (full-width), "¥1234", "1234元", "RMB 1,234.00". More than two decimals, an empty text, a
    negative (unless ``allow_negative``), zero (unless ``allow_zero``) and absurd sizes are
    refused with a ValidationError in words."""
    raw = "" if text is None else str(text)
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    cleaned = cleaned.replace("，", ",").replace("。", ".").replace(" ", "")
    for mark in ("人民币", "RMB", "CNY", "¥", "￥"):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.removesuffix("元整").removesuffix("元")
    if not cleaned:
        raise ValidationError(_("请填写金额"))
    match = _AMOUNT.match(cleaned)
    if match is None or (match["whole"] is None and not match["part"]):
        raise ValidationError(
            _("金额“%(text)s”无法识别，请写成 1234.56 这样的数字（单位：元）") % {"text": raw[:40]}
        )
    part = match["part"] or ""
    if len(part) > 2:
        raise ValidationError(_("金额“%(text)s”最多保留两位小数（角、分）") % {"text": raw[:40]})
    whole = (match["whole"] or "0").replace(",", "")
    if len(whole) > 15:
        raise ValidationError(_("金额“%(text)s”过大，请核对") % {"text": raw[:40]})
    fen = int(whole) * 100 + int(part.ljust(2, "0"))
    if match["sign"] == "-":
        fen = -fen
    if abs(fen) > MAX_FEN:
        raise ValidationError(_("金额“%(text)s”过大，请核对") % {"text": raw[:40]})
    if fen < 0 and not allow_negative:
        raise ValidationError(_("金额不能为负数"))
    if fen == 0 and not allow_zero:
        raise ValidationError(_("金额应大于零"))
    return fen


def yuan(fen: int) -> str:
    """Integer fen as yuan with thousands separators and two decimals: "1,234.56"."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{part:02d}"
