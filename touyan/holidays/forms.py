"""The entry form: one line per day or span, as the State Council's notice lists them."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_DATE = r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
# No official holiday runs longer; it also bounds what one line can ask the server to expand.
LONGEST_SPAN = 31
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|—|-{{1,2}})\s*{_DATE})?\s*(.*)$")


def parse_days(text: str) -> list[tuple[dt.date, str]]:
    """``2027-01-01 至 2027-01-03 元旦`` or ``2027-01-04 元旦``, one per line."""
    days: list[tuple[dt.date, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        try:
            if not match:
                raise ValueError
            first = dt.date(*map(int, match.group(1, 2, 3)))
            last = dt.date(*map(int, match.group(4, 5, 6))) if match.group(4) else first
        except ValueError:
            raise forms.ValidationError(
                _(
                    "第 %(number)d 行“%(line)s”无法识别；请写成“2027-01-01 元旦”或“2027-02-06 至 2027-02-14 春节”"
                )
                % {"number": number, "line": line}
            ) from None
        if last < first:
            raise forms.ValidationError(
                _("第 %(number)d 行的结束日期早于开始日期") % {"number": number}
            )
        if (last - first).days >= LONGEST_SPAN:
            raise forms.ValidationError(
                _("第 %(number)d 行超过 %(days)d 天；请逐段填写")
                % {"number": number, "days": LONGEST_SPAN}
            )
        name = match.group(7).strip()[:32]
        day = first
        while day <= last:
            days.append((day, name))
            day += dt.timedelta(days=1)
    return days


class YearForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("依据"),
        max_length=200,
        help_text=gettext_lazy("国务院办公厅关于该年部分节假日安排的通知及其文号"),
    )
    holidays = forms.CharField(
        label=gettext_lazy("放假日期"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("每行一段，含其中的周末，如“2027-02-06 至 2027-02-14 春节”"),
    )
    workdays = forms.CharField(
        label=gettext_lazy("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一天，如“2027-02-20 春节”；没有调休可不填"),
    )

    def clean_holidays(self):
        return parse_days(self.cleaned_data["holidays"])

    def clean_workdays(self):
        return parse_days(self.cleaned_data["workdays"])
