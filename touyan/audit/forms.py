from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Verb


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False)
    verb = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("全部操作")), *Verb.choices]
    )
    target = forms.CharField(label=_("对象"), required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
