"""Forms of the office pages: the call, the panel, assignments, decisions, notice, objections."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.people.models import School
from touyan.policies.names import shown
from touyan.programmes.models import Cohort, Programme
from touyan.programmes.policy import spec_of

from ..models import Call, Objection, Review

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOICE_YES_NO = forms.RadioSelect(attrs={"class": "choice-row"})


def _boolean(value) -> bool:
    return value in (True, "1", "yes", "true")


class CallForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("培养项目"), queryset=None)
    spec_code = forms.ChoiceField(label=_("遴选类别"))
    title = forms.CharField(label=_("通知标题"), max_length=200)
    description = forms.CharField(
        label=_("通知正文"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    places = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)
    opens_at = forms.DateTimeField(label=_("开始申报"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("截止申报"), widget=DATETIME)
    district_deadline = forms.DateTimeField(
        label=_("区县报送截止"),
        required=False,
        widget=DATETIME,
        help_text=_("仅用于有区县审核推荐环节的遴选类别；不能早于申报截止。"),
    )
    cohort = forms.ModelChoiceField(
        label=_("入选后编入"),
        queryset=None,
        required=False,
        help_text=_("培养人选遴选必选：正式入选者编入这一期培训班。"),
    )
    anonymised = forms.ChoiceField(
        label=_("匿名评审"),
        required=False,
        choices=[("", _("按政策规定")), ("yes", _("匿名")), ("no", _("不匿名"))],
        help_text=_("匿名时专家看不到申报人姓名、学校和区县。"),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = list(programmes)
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=[p.pk for p in self.programmes]
        ).select_related("policy_version")
        groups = []
        for programme in self.programmes:
            kinds = [(kind.code, shown(kind)) for kind in spec_of(programme).selection]
            if kinds:
                groups.append((programme.name, kinds))
        self.fields["spec_code"].choices = [("", "---------"), *groups]
        self.has_kinds = bool(groups)
        self.fields["cohort"].queryset = Cohort.objects.filter(
            programme__in=[p.pk for p in self.programmes]
        ).select_related("programme")
        self.fields["cohort"].label_from_instance = lambda c: f"{c.programme.name} · {c.name}"

    def clean(self):
        data = super().clean()
        programme, code = data.get("programme"), data.get("spec_code")
        known = programme is None or not code or spec_of(programme).selection_call(code)
        if not known:
            self.add_error("spec_code", _("所选项目的政策中没有这一遴选类别"))
        return data

    def call_fields(self) -> dict:
        data = self.cleaned_data
        anonymised = {"": None, "yes": True, "no": False}[data.get("anonymised") or ""]
        return {
            "programme": data["programme"],
            "spec_code": data["spec_code"],
            "title": data["title"],
            "description": data["description"],
            "places": data["places"],
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "district_deadline": data.get("district_deadline"),
            "cohort": data.get("cohort"),
            "anonymised": anonymised,
        }


class CallEditForm(forms.Form):
    """What update_call may still change: the opening only before publication."""

    title = forms.CharField(label=_("通知标题"), max_length=200)
    description = forms.CharField(
        label=_("通知正文"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    places = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)
    opens_at = forms.DateTimeField(label=_("开始申报"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("截止申报"), widget=DATETIME)
    district_deadline = forms.DateTimeField(
        label=_("区县报送截止"), required=False, widget=DATETIME
    )

    def __init__(self, *args, call: Call, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": call.title,
                "description": call.description,
                "places": call.places,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                "district_deadline": call.district_deadline,
            },
        )
        super().__init__(*args, **kwargs)
        if call.stage != Call.Stage.DRAFT:
            del self.fields["opens_at"]
        if not call.district_review:
            del self.fields["district_deadline"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


# The panel -----------------------------------------------------------------------------------


def _expert_label(user) -> str:
    return f"{user.full_name}（{user.username}）" if user.full_name else user.username


class PanelAddForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    school = forms.ModelChoiceField(
        label=_("所在学校"),
        queryset=None,
        required=False,
        help_text=_("与申报人同校的专家不会被分配；留空则按名册中专家本人的学校。"),
    )
    capacity = forms.IntegerField(
        label=_("评审上限（份）"), required=False, min_value=1, max_value=10000
    )

    def __init__(self, *args, experts, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = _expert_label
        self.fields["school"].queryset = schools


def applicant_schools(applications):
    return School.objects.filter(pk__in=applications.values("principal__school_id")).order_by(
        "region_id", "name"
    )


NUMBER = re.compile(r"^(?:\d+-)?0*(\d{1,12})$")


class ConflictForm(forms.Form):
    """Staff record a conflict an expert told them of: with one applicant, or their school."""

    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    number = forms.CharField(
        label=_("申报编号"), max_length=24, help_text=_("见下方分配表，例如 12-000034")
    )
    whole_school = forms.BooleanField(label=_("回避该申报人所在学校的全部申报"), required=False)
    reason = forms.CharField(label=_("回避理由"), max_length=200)

    def __init__(self, *args, experts, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = _expert_label
        self.applications = applications

    def clean_number(self):
        match = NUMBER.match(self.cleaned_data["number"].strip())
        application = None
        if match:
            application = (
                self.applications.filter(pk=int(match.group(1)))
                .select_related("principal__school")
                .first()
            )
        if application is None:
            raise forms.ValidationError(_("本次遴选的送审人选中没有这一编号"))
        return application


class AssignForm(forms.Form):
    application = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    expert = forms.ModelChoiceField(label=_("指定专家"), queryset=None)

    def __init__(self, *args, applications, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["expert"].queryset = experts


class UnassignForm(forms.Form):
    review = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = Review.objects.filter(application__call=call)


# The decision, the notice, objections --------------------------------------------------------


class DecisionForm(forms.Form):
    application = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    selected = forms.TypedChoiceField(
        label=_("审定结论"),
        choices=[("1", _("入选")), ("0", _("不入选"))],
        coerce=_boolean,
        widget=CHOICE_YES_NO,
    )
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("公示说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如公示的依据、反映问题的方式与要求。"),
    )
    contact = forms.CharField(
        label=_("受理联系方式"),
        max_length=200,
        help_text=_("受理异议的部门、电话或邮箱，将显示在公示页上。"),
    )
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DATE)


class ObjectionForm(forms.Form):
    objection = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        label=_("处理结果"),
        choices=[("1", _("异议成立")), ("0", _("异议不成立"))],
        coerce=_boolean,
        widget=CHOICE_YES_NO,
    )
    handling = forms.CharField(
        label=_("核查与处理情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection"].queryset = Objection.objects.filter(
            notice__call=call, status=Objection.Status.PENDING
        )
