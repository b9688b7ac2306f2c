import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touyan.people.models import Principal
from touyan.regions import codes
from touyan.regions.models import Region

from .models import Studio

# Words the programme pages use as paths of their own.
RESERVED_SLUGS = frozenset({"new"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    policy_version = forms.ModelChoiceField(label=_("执行的政策版本"), queryset=None)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    slug = forms.SlugField(
        label=_("标识"),
        max_length=64,
        help_text=_("用于网址，只能用小写字母、数字和连字符，例如 hn-2025"),
    )
    starts_on = forms.DateField(
        label=_("周期开始日期"),
        widget=DATE,
        help_text=_("工作室项目的工作周期从这一天算起；培训项目以各期开班日期为准。"),
    )
    partner_regions = forms.CharField(
        label=_("对口支援地区"),
        required=False,
        help_text=_("行政区划代码，多个用空格或逗号分隔，例如 520000 522600"),
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["policy_version"]
        field.queryset = versions
        field.label_from_instance = lambda v: (
            _("%(name)s 第 %(number)d 版（%(area)s）")
            % {
                "name": v.policy.name,
                "number": v.number,
                "area": v.policy.jurisdiction.name,
            }
        )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("“%(slug)s”是保留字，请换一个标识") % {"slug": slug})
        return slug

    def clean_partner_regions(self) -> list[str]:
        raw = self.cleaned_data["partner_regions"].replace("，", " ").replace(",", " ").split()
        wrong = [code for code in raw if not codes.is_valid_code(code)]
        known = set(Region.objects.filter(code__in=raw).values_list("code", flat=True))
        wrong += [code for code in raw if codes.is_valid_code(code) and code not in known]
        if wrong:
            raise ValidationError(_("不认识的区划代码：%(codes)s") % {"codes": "、".join(wrong)})
        return sorted(set(raw))


class PolicyVersionForm(forms.Form):
    version = forms.ModelChoiceField(label=_("改用的版本"), queryset=None, empty_label=None)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = programme.policy_version.policy.versions.order_by("-number")
        field.initial = programme.policy_version_id
        field.label_from_instance = lambda v: (
            _("第 %(number)d 版 · %(date)s 发布")
            % {
                "number": v.number,
                "date": f"{v.created_at:%Y-%m-%d}",
            }
        )


class MemberLeavesForm(forms.Form):
    left_on = forms.DateField(label=_("退出日期"), widget=DATE)
    reason = forms.CharField(
        label=_("退出原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("年度主题"), max_length=200)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PrincipalSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或学校"), required=False, max_length=64)


class AddPrincipalForm(forms.Form):
    """Pick a principal found by a search on the registry, and the date they join."""

    principal = forms.ModelChoiceField(
        label=_("校长"),
        queryset=Principal.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)
    over_limit_reason = forms.CharField(
        label=_("超出人数上限的理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("只在人数已达政策规定的上限时填写；理由连同记录人和时间一并保存并显示。"),
    )

    def __init__(self, *args, candidates, found, joined_label=None, **kwargs):
        kwargs["initial"] = {"joined_on": dt.date.today()} | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        field = self.fields["principal"]
        field.queryset = candidates
        # Validation looks the choice up in every candidate; only the search hits are offered.
        field.widget.choices = [(p.pk, f"{p.name} · {p.school.name}") for p in found]
        if joined_label:
            self.fields["joined_on"].label = joined_label


class CohortForm(forms.Form):
    """A new cohort of a training programme: its end follows from the policy's cycle length and
    its capacity is the policy's cohort size (HZ-4.2.4)."""

    number = forms.IntegerField(label=_("期次"), min_value=1, max_value=99)
    name = forms.CharField(label=_("名称"), max_length=200, help_text=_("例如：第二期"))
    starts_on = forms.DateField(label=_("开班日期"), widget=DATE)

    def __init__(self, *args, taken: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken
        if taken and not self.is_bound:
            self.initial.setdefault("number", max(taken) + 1)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number in self.taken:
            raise ValidationError(_("第 %(n)d 期已经存在") % {"n": number})
        return number


class CarryOverForm(forms.Form):
    """Pick the last cycle's studios to carry into this programme (HN-3.3); on the
    confirmation step, an introduced host's reason for each picked host who does not meet
    the host conditions."""

    studios = forms.ModelMultipleChoiceField(
        label=_("上一周期的工作室"),
        queryset=Studio.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择要延续的工作室")},
    )

    def __init__(self, *args, candidates, shortfalls: dict[int, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["studios"].queryset = candidates
        self.fields["studios"].label_from_instance = lambda s: f"{s.name} · {s.host.name}"
        self.shortfalls = shortfalls
        for pk, reasons in shortfalls.items():
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("引进理由"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("主持人不符合主持人条件：%(reasons)s。作为引进主持人延续须写明理由。")
                % {"reasons": _("；").join(reasons)},
            )

    def reasons(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"reason_{pk}", "") or "" for pk in self.shortfalls}

    def reason_field(self, studio):
        name = f"reason_{studio.pk}"
        return self[name] if name in self.fields else None


class IntroducedHostForm(forms.Form):
    introduced_reason = forms.CharField(
        label=_("引进理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "主持人不符合主持人条件而引进时，写明理由；理由连同批准人和时间一并保存并显示。"
        ),
    )
