"""The forms of the prospectus pages: the host's text, one theme and plan a cycle year, and the
centre's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_FIELDS

TEXT = forms.Textarea(attrs={"rows": 5})
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class ProspectusForm(forms.Form):
    """Every part may stay empty while the host writes; the service says what is missing when
    they submit."""

    goals = forms.CharField(label=_("建设目标"), required=False, widget=TEXT)
    features = forms.CharField(label=_("主要特色"), required=False, widget=TEXT)
    conditions = forms.CharField(
        label=_("成员条件"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("希望什么样的校长加入：学段、地区、研究兴趣等"),
    )
    requirements = forms.CharField(
        label=_("成员要求"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("加入后要做到的：参加研修、完成任务、提交成果等"),
    )

    def __init__(self, *args, years: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in range(1, years + 1):
            self.fields[f"theme_{year}"] = forms.CharField(
                label=_("第 %(year)d 年工作主题") % {"year": year},
                required=False,
                max_length=200,
            )
            self.fields[f"plan_{year}"] = forms.CharField(
                label=_("第 %(year)d 年工作计划") % {"year": year},
                required=False,
                widget=SHORT_TEXT,
            )

    @staticmethod
    def initial_from(text: dict) -> dict:
        initial = {name: text.get(name, "") for name in TEXT_FIELDS}
        for entry in text.get("plan") or []:
            initial[f"theme_{entry['year']}"] = entry.get("theme", "")
            initial[f"plan_{entry['year']}"] = entry.get("plan", "")
        return initial

    def text_fields(self):
        return [self[name] for name in ("goals", "features")]

    def member_fields(self):
        return [self[name] for name in ("conditions", "requirements")]

    def plan_fields(self):
        """(year, theme field, plan field) for each cycle year."""
        return [
            (year, self[f"theme_{year}"], self[f"plan_{year}"]) for year in range(1, self.years + 1)
        ]

    def text(self) -> dict:
        """What ``save_prospectus`` takes."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in TEXT_FIELDS},
            "plan": [
                {"year": year, "theme": data[f"theme_{year}"], "plan": data[f"plan_{year}"]}
                for year in range(1, self.years + 1)
            ],
        }


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("退回时必填，写明需要修改的地方；通过时可留空"),
    )


class GuidanceForm(forms.Form):
    body = forms.CharField(label=_("指导意见"), max_length=5000, widget=TEXT)
    deliverable = forms.ModelChoiceField(
        label=_("关于"),
        queryset=None,
        required=False,
        empty_label=_("（一般指导）"),
        help_text=_("可选：针对该成员的某份规划或成果"),
    )

    def __init__(self, *args, deliverables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = deliverables
