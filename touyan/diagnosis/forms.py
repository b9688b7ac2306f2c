"""The rotation's forms: a visit's month, its holding, an invitee, the itemised report and the
school's follow-up. What is allowed is the services' to say; these only read the input."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NAME_MAX, TEXT_MAX, TITLE_MAX, UNIT_MAX, Invitee
from .services.visits import Entry

EXTRA_ROWS = 3


class MonthForm(forms.Form):
    month = forms.TypedChoiceField(label=_("计划月份"), coerce=dt.date.fromisoformat)

    def __init__(self, *args, months: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = months


class HoldForm(forms.Form):
    """Either a new activity on ``date``, or one the studio already recorded at the school."""

    activity = forms.TypedChoiceField(
        label=_("已登记的活动"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("活动已在“活动、考勤与成果”中登记时选它；否则留空并填写日期。"),
    )
    date = forms.DateField(
        label=_("诊断日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("活动名称"), max_length=200, required=False)
    description = forms.CharField(
        label=_("活动内容"), max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, activities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "—")] + activities
        if not activities:
            del self.fields["activity"]

    def clean(self):
        data = super().clean()
        if not data.get("activity") and not data.get("date"):
            self.add_error("date", _("请填写诊断日期，或选择已登记的活动"))
        return data


class InviteeForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=NAME_MAX)
    unit = forms.CharField(label=_("单位"), max_length=UNIT_MAX)
    role = forms.ChoiceField(label=_("身份"), choices=Invitee.Role.choices)
    inside_province = forms.TypedChoiceField(
        label=_("来自"),
        choices=[("1", _("省内")), ("0", _("省外"))],
        coerce=lambda value: value == "1",
        initial="1",
    )


def _text(label, *, required=False):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    """The policy's items, each with findings and recommendations, then up to three items the
    host adds (their titles free), and an overall opinion."""

    def __init__(self, *args, items, extras, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy_items = items
        for item in items:
            self.fields[f"findings_{item.code}"] = _text(
                _("%(item)s：存在问题") % {"item": item.name}
            )
            self.fields[f"recommendations_{item.code}"] = _text(
                _("%(item)s：改进建议") % {"item": item.name}
            )
        for row in range(1, max(EXTRA_ROWS, len(extras) + 1) + 1):
            self.fields[f"extra_pk_{row}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[f"extra_title_{row}"] = forms.CharField(
                label=_("另加项目 %(n)d：名称") % {"n": row}, max_length=TITLE_MAX, required=False
            )
            self.fields[f"extra_findings_{row}"] = _text(_("另加项目 %(n)d：存在问题") % {"n": row})
            self.fields[f"extra_recommendations_{row}"] = _text(
                _("另加项目 %(n)d：改进建议") % {"n": row}
            )
        self.fields["summary"] = _text(_("总体意见"))
        self.extra_rows = max(EXTRA_ROWS, len(extras) + 1)

    @staticmethod
    def initial_for(visit) -> dict:
        initial = {"summary": visit.summary}
        extras = 0
        for item in visit.items.all():
            if item.code:
                initial[f"findings_{item.code}"] = item.findings
                initial[f"recommendations_{item.code}"] = item.recommendations
            else:
                extras += 1
                initial[f"extra_pk_{extras}"] = item.pk
                initial[f"extra_title_{extras}"] = item.title
                initial[f"extra_findings_{extras}"] = item.findings
                initial[f"extra_recommendations_{extras}"] = item.recommendations
        return initial

    def entries(self):
        data = self.cleaned_data
        entries = [
            Entry(
                title=item.name,
                findings=data.get(f"findings_{item.code}", ""),
                recommendations=data.get(f"recommendations_{item.code}", ""),
                code=item.code,
            )
            for item in self.policy_items
        ]
        for row in range(1, self.extra_rows + 1):
            entries.append(
                Entry(
                    title=data.get(f"extra_title_{row}", ""),
                    findings=data.get(f"extra_findings_{row}", ""),
                    recommendations=data.get(f"extra_recommendations_{row}", ""),
                    pk=data.get(f"extra_pk_{row}"),
                )
            )
        return entries


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(
        label=_("整改落实情况"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
