"""Forms for mentor teams, external mentors and mentoring sessions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.policies.names import shown


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class TraineesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.principal.name}（{obj.principal.school.name}）"


class TeamForm(forms.Form):
    name = forms.CharField(label=_("导师团队名称"), max_length=100)
    lead = UserChoice(label=_("首席导师"), queryset=None)
    members = UsersChoice(
        label=_("团队成员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    trainees = TraineesChoice(
        label=_("指导的培养人选"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = candidates
        self.fields["members"].queryset = candidates
        self.fields["trainees"].queryset = trainees


class ExternalMentorForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=64)
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("登录用的名字：字母、数字和 @.+-_"),
    )
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("设置密码的链接发到这里"))


class SessionForm(forms.Form):
    title = forms.CharField(label=_("指导主题"), max_length=200)
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hours = forms.DecimalField(
        label=_("学时"), max_digits=4, decimal_places=1, min_value=0.5, initial=2
    )
    topic = forms.ChoiceField(label=_("计入课程专题"), required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    summary = forms.CharField(label=_("指导纪要"), max_length=5000, widget=forms.Textarea)
    present = TraineesChoice(
        label=_("出席的培养人选"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只勾选到场的培养人选：计入他们的学时；未到场的不算缺勤"),
    )

    def __init__(self, *args, spec, trainees, default_topic, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("topic", default_topic)
        kwargs["initial"].setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        topics = spec.curriculum.topics if spec.curriculum else []
        self.fields["topic"].choices = [("", _("不计入课程专题"))] + [
            (t.code, shown(t)) for t in topics
        ]
        self.fields["present"].queryset = trainees


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
