"""Forms of the research pages: the institute's filters, a comment, the institute's grant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.records.models import Level, ResearchProject


class ResearchFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("研究阶段"),
        required=False,
        choices=[("", _("全部")), *ResearchProject.Stage.choices],
    )
    level = forms.ChoiceField(
        label=_("立项级别"), required=False, choices=[("", _("全部")), *Level.choices]
    )
    cohort = forms.ChoiceField(label=_("培训班"), required=False)
    q = forms.CharField(label=_("课题或主持人"), required=False, max_length=100)

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", _("全部"))] + [(str(c.pk), c.name) for c in cohorts]

    def narrow(self, projects):
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        if data["stage"]:
            projects = projects.filter(stage=data["stage"])
        if data["level"]:
            projects = projects.filter(level=data["level"])
        if data["cohort"]:
            projects = projects.filter(leader__in=_cohort_principals(int(data["cohort"])))
        if term := data["q"].strip():
            projects = projects.filter(title__contains=term) | projects.filter(
                leader__name__contains=term
            )
        return projects


def _cohort_principals(cohort_id: int):
    from touyan.programmes.models import Trainee

    return Trainee.objects.filter(cohort_id=cohort_id).values("principal_id")


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class InstituteGrantForm(forms.Form):
    username = forms.CharField(
        label=_("账号用户名"),
        max_length=150,
        help_text=_("教育科学研究院工作人员的账号；没有账号时请先由管理员建立"),
    )
