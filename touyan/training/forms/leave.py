"""Forms for leave requests, their decision, the phone roll call and the session code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.records.models import Attendance

from ..services.leave import NOTE_MAX, REASON_MAX
from ..services.roll_call import CODE_MINUTES, MAX_CODE_MINUTES


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("请假事由"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批"),
        choices=[("grant", _("准假")), ("refuse", _("不准假"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审批意见"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("不准假时必填"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RollCallForm(forms.Form):
    """One row per trainee: 出勤 / 请假 (only with granted leave) / 缺勤; a row left unmarked is
    not saved (closing the roll marks it)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.roll = rows
        for row in rows:
            choices = [
                (value, label)
                for value, label in Attendance.Status.choices
                if value != Attendance.Status.LEAVE or row.granted or row.status == value
            ]
            initial = row.status or (Attendance.Status.LEAVE if row.granted else None)
            self.fields[f"status_{row.principal.pk}"] = forms.ChoiceField(
                label=row.principal.name,
                choices=choices,
                widget=forms.RadioSelect,
                initial=initial,
                required=False,
            )

    def rows(self):
        for row in self.roll:
            yield row, self[f"status_{row.principal.pk}"]

    def statuses(self) -> dict[int, str]:
        return {
            row.principal.pk: self.cleaned_data[f"status_{row.principal.pk}"]
            for row in self.roll
            if self.cleaned_data.get(f"status_{row.principal.pk}")
        }


class CodeForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("开放时长（分钟）"),
        min_value=1,
        max_value=MAX_CODE_MINUTES,
        initial=CODE_MINUTES,
    )


class SignInForm(forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )
