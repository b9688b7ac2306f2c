"""The grading page: a grade and a comment for each member or trainee, saved all at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.policies import schema
from touyan.policies.names import shown

from ..services.direct import COMMENT_MAX


class GradeRowForm(forms.Form):
    grade = forms.ChoiceField(label=_("等次"), required=False)
    comment = forms.CharField(
        label=_("评语"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, grades: list[schema.Grade], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", _("未评定"))] + [(g.code, shown(g)) for g in grades]


def row_forms(cases, grades: list[schema.Grade], data=None) -> list[GradeRowForm]:
    """One form per case, prefixed by the case's pk, filled from the case until posted."""
    return [
        GradeRowForm(
            data,
            prefix=f"case-{case.pk}",
            grades=grades,
            initial={"grade": case.grade, "comment": case.reason},
        )
        for case in cases
    ]
