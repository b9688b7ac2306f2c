from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from touyan.people.models import Principal
from touyan.regions.models import Region

from .models import User
from .roles import Role, scope_misfit
from .throttling import AddressThrottledSignIn


class SignInForm(AddressThrottledSignIn, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("此账号已停用，请联系管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    q.widget.attrs.update({"placeholder": _("用户名、姓名或电子邮箱")})


class AccountCreateForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("登录时使用；字母、数字和 @ . + - _"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=64)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("设置密码的链接将发到这个地址。"))
    home_region = forms.ModelChoiceField(label=_("所属辖区"), queryset=Region.objects.none())
    principal = forms.ModelChoiceField(
        label=_("对应的校长（可选）"),
        queryset=Principal.objects.none(),
        required=False,
        help_text=_("账号是名册中某位校长本人的，选择后他可查看自己的完整档案。"),
    )
    send_link = forms.BooleanField(label=_("现在发送设置密码的邮件"), required=False, initial=True)

    def __init__(self, *args, regions, principals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = regions
        self.fields["principal"].queryset = principals
        self.fields["principal"].label_from_instance = lambda p: f"{p.name} · {p.school.name}"

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("用户名 %(name)s 已被使用。") % {"name": username})
        return username


def grouped_by_programme(objects, label=str) -> list:
    """Choices among many objects of several programmes (a programme may have a hundred
    studios), each programme's under its name: one query."""
    groups: dict[str, list] = {}
    for item in objects:
        groups.setdefault(item.programme.name, []).append((item.pk, label(item)))
    return [("", "---------"), *groups.items()]


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = forms.ModelChoiceField(label=_("辖区"), queryset=Region.objects.none(), required=False)
    programme = forms.ModelChoiceField(
        label=_("或：培养项目"), queryset=Region.objects.none(), required=False
    )
    studio = forms.ModelChoiceField(
        label=_("或：工作室"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("财务联系人授予在一个工作室或一个培训班上。"),
    )
    cohort = forms.ModelChoiceField(
        label=_("或：培训班"), queryset=Region.objects.none(), required=False
    )
    sees_personal_data = forms.BooleanField(label=_("可查看完整身份证号与手机号"), required=False)

    SCOPES = ("region", "programme", "studio", "cohort")

    def __init__(self, *args, regions, programmes, studios, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["programme"].queryset = programmes
        for name, objects in (("studio", studios), ("cohort", cohorts)):
            field = self.fields[name]
            field.queryset = objects
            field.choices = grouped_by_programme(objects)

    def clean(self):
        data = super().clean()
        chosen = [name for name in self.SCOPES if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("请选择一个辖区、一个培养项目、一个工作室或一个培训班（只选其一）。")
            )
        (kind,) = chosen
        if data.get("role"):
            misfit = scope_misfit(data["role"], kind)
            if misfit:
                raise forms.ValidationError(misfit)
        if kind != "region" and data.get("sees_personal_data"):
            raise forms.ValidationError(_("查看完整身份证号与手机号的权限只能随辖区授权授予。"))
        data["scope_object"] = data.get(kind) if kind != "region" else None
        return data


class ResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
    email.widget.attrs.update({"autocomplete": "email"})


class AdminSignInForm(AddressThrottledSignIn, AdminAuthenticationForm):
    """The Django admin's login (/sysadmin/login/), throttled like the site's own."""
