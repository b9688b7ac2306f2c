"""The applicant's form and the public objection form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import DOCUMENTS, IMAGES, CheckedFilesField
from touyan.people.models import Principal
from touyan.policies import schema
from touyan.policies.names import shown

from ..models import Application
from ..services.applications import CORRECTABLE, MAX_STATEMENT

PROFILE_LABELS = {
    "name": _("姓名"),
    "gender": _("性别"),
    "birth_date": _("出生日期"),
    "school": _("学校"),
    "school_kind": _("学校类型"),
    "region": _("所在区县"),
    "position": _("职务"),
    "title": _("职称"),
    "appointed_on": _("任现职时间"),
}
OTHER_EVIDENCE = "other"
MAX_OBJECTION = 2000


def needs_statement(condition, principal: Principal) -> bool:
    """Declarations and judgements are written by the applicant; a title condition only when
    the registry's title falls short and the condition has an "otherwise" branch."""
    if isinstance(condition, schema.Declaration | schema.Judgement):
        return True
    if isinstance(condition, schema.TitleCondition):
        return bool(condition.otherwise) and principal.title not in condition.titles
    return False


def statement_help(condition) -> str:
    if isinstance(condition, schema.Declaration):
        return _("必填：请写明本人情况并作出承诺。")
    if isinstance(condition, schema.TitleCondition):
        return _("您的职称未达要求。请写明“%(otherwise)s”的具体事实，交专家评议。") % {
            "otherwise": shown(condition, "otherwise")
        }
    return _("供专家评议：写明您在这方面的做法与成效，可附证明材料。")


class ApplicationForm(forms.Form):
    """Statements, correction requests, the route and new evidence files, on one page."""

    route = forms.ChoiceField(
        label=_("推荐方式"), choices=Application.Route.choices, widget=forms.RadioSelect
    )
    recommending_unit = forms.CharField(
        label=_("推荐单位"),
        required=False,
        max_length=200,
        help_text=_("单位推荐时填写，例如“杭州市西湖区教育局”"),
    )

    def __init__(self, *args, spec: schema.SelectionCall, application: Application, **kwargs):
        principal = application.principal
        kwargs.setdefault(
            "initial",
            {
                "route": application.route,
                "recommending_unit": application.recommending_unit,
                **{f"statement_{k}": v for k, v in application.statements.items()},
                **{f"correct_{k}": v for k, v in application.corrections.items()},
            },
        )
        super().__init__(*args, **kwargs)
        self.statement_conditions = [c for c in spec.conditions if needs_statement(c, principal)]
        for condition in self.statement_conditions:
            self.fields[f"statement_{condition.code}"] = forms.CharField(
                label=shown(condition, "text"),
                required=False,
                max_length=MAX_STATEMENT,
                help_text=statement_help(condition),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for name in CORRECTABLE:
            self.fields[f"correct_{name}"] = forms.CharField(
                label=_("%(field)s申请更正为") % {"field": PROFILE_LABELS[name]},
                required=False,
                max_length=200,
            )
        self.kinds = [(a.code, shown(a), a.required) for a in spec.attachments]
        self.kinds.append((OTHER_EVIDENCE, _("其他证明材料"), False))
        for code, name, _required in self.kinds:
            self.fields[f"files_{code}"] = CheckedFilesField(
                kind="evidence",
                label=name,
                required=False,
                allowed=(*DOCUMENTS, *IMAGES),
                help_text=_("可多选；pdf、docx、xlsx、jpg、png，每个不超过 20 MB"),
            )

    def statement_fields(self):
        return [self[f"statement_{c.code}"] for c in self.statement_conditions]

    def correction_field(self, name: str):
        return self[f"correct_{name}"]

    def file_field(self, code: str):
        return self[f"files_{code}"]

    def statements(self) -> dict[str, str]:
        return {c.code: self.cleaned_data[f"statement_{c.code}"] for c in self.statement_conditions}

    def corrections(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"correct_{name}"] for name in CORRECTABLE}

    def uploads(self) -> list[tuple[str, list]]:
        return [
            (code, self.cleaned_data[f"files_{code}"])
            for code, _name, _required in self.kinds
            if self.cleaned_data.get(f"files_{code}")
        ]


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("反映人姓名"), max_length=64)
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, help_text=_("电话或电子邮箱，用于反馈核查结果")
    )
    application = forms.TypedChoiceField(
        label=_("涉及人选"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("反映内容"),
        max_length=MAX_OBJECTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请具体写明反映的问题，不少于 10 个字，不超过 2000 字"),
    )

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [
            ("", _("不针对具体人选")),
            *((row["pk"], f"{row['name']}（{row['school']}）") for row in candidates),
        ]
