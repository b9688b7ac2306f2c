"""The forms of the studio's pages: the prospectus (the host's text, one theme and plan a cycle
year, and the centre's decision), a version of a host document, and tasks (the host's task,
a member's part handed in, the host's review)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import DOCUMENTS, IMAGES, check_upload
from touyan.programmes.forms import DATE
from touyan.records.lengths import BODY_MAX, MAX_DECLARED_CHARS

from .models import TASK_TEXT_MAX, TASK_TITLE_MAX, TEXT_FIELDS

TOO_LONG = {"max_length": _("最多 %(limit_value)s 字，现有 %(show_value)s 字")}

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


class DocumentForm(forms.Form):
    """A new version of a host document: written here, uploaded, or both."""

    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=BODY_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    file = forms.FileField(
        label=_("附件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        help_text=_("可上传 docx 或 pdf，不超过 20 MB；保存后成为新的版本，旧版本仍可查看。"),
    )
    declared_chars = forms.IntegerField(
        label=_("字数（只上传扫描件时填写）"),
        required=False,
        min_value=0,
        max_value=MAX_DECLARED_CHARS,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded:
            check_upload(uploaded, DOCUMENTS, kind="deliverable")
        return uploaded

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("body") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("请填写正文或上传附件"))
        return data


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务名称"), max_length=TASK_TITLE_MAX, error_messages=TOO_LONG)
    description = forms.CharField(
        label=_("任务要求"),
        required=False,
        max_length=TASK_TEXT_MAX,
        error_messages=TOO_LONG,
        widget=TEXT,
    )
    due_on = forms.DateField(label=_("完成期限"), widget=DATE)
    to_all = forms.BooleanField(
        label=_("分配给全体在册成员"),
        required=False,
        initial=True,
        help_text=_("不勾选时，只分配给下面选中的成员"),
    )
    members = forms.MultipleChoiceField(
        label=_("成员"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.serving = {str(member.pk): member for member in members}
        self.fields["members"].choices = [
            (key, member.principal.name) for key, member in self.serving.items()
        ]

    def chosen(self):
        """What ``assign_task`` takes as ``members``: None for every serving member."""
        if self.cleaned_data["to_all"]:
            return None
        return [self.serving[key] for key in self.cleaned_data["members"]]


class SubmitTaskForm(forms.Form):
    text = forms.CharField(
        label=_("完成情况"),
        required=False,
        max_length=TASK_TEXT_MAX,
        error_messages=TOO_LONG,
        widget=TEXT,
    )
    file = forms.FileField(
        label=_("附件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
        help_text=_("pdf、docx、xlsx 或图片，不超过 20 MB。"),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded:
            check_upload(uploaded, (*DOCUMENTS, *IMAGES), kind="deliverable")
        return uploaded


class TaskReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审阅意见"),
        required=False,
        max_length=TASK_TEXT_MAX,
        error_messages=TOO_LONG,
        widget=SHORT_TEXT,
        help_text=_("退回时必填，写明需要修改或补充的地方；确认完成时可留空"),
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
