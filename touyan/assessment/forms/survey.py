"""The members' survey: one question a row, answered 1–5."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.policies import schema
from touyan.policies.names import shown

SCALE = [
    ("1", _("很不同意")),
    ("2", _("不同意")),
    ("3", _("一般")),
    ("4", _("同意")),
    ("5", _("很同意")),
]


class SurveyForm(forms.Form):
    def __init__(self, *args, questions: list[schema.Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.code] = forms.ChoiceField(
                label=shown(question, "text"),
                choices=SCALE,
                widget=forms.RadioSelect,
                error_messages={"required": _("请为这一题选择一项")},
            )

    def answers(self) -> dict[str, int]:
        return {code: int(value) for code, value in self.cleaned_data.items()}
