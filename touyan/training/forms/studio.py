"""Forms of the trainee's studio pages: founding it, adding a member, an activity."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.programmes.forms import DATE


class FoundStudioForm(forms.Form):
    name = forms.CharField(
        label=_("工作室名称"),
        max_length=200,
        required=False,
        help_text=_("不填时为“姓名名校长工作室”"),
    )


class StudioMemberForm(forms.Form):
    name = forms.CharField(label=_("校长姓名"), max_length=64)
    school = forms.CharField(
        label=_("学校"), max_length=200, required=False, help_text=_("同名时填写学校以区分")
    )
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)


class StudioActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    hours = forms.DecimalField(
        label=_("学时"), max_digits=5, decimal_places=1, min_value=Decimal("0.5")
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    description = forms.CharField(
        label=_("内容"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
