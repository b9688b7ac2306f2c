"""The district officer's forms: the first review's decision, the ranking, the status filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Application

MAX_NOTE = 2000
MAX_RANK = 99999


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[
            ("endorse", _("审核通过（盖章）")),
            ("return", _("退回修改")),
            ("reject", _("不通过")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审核意见或理由"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改、不通过须写明理由；审核通过可不填，默认为“同意推荐”。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("return", "reject") and not (data.get("note") or "").strip():
            self.add_error("note", _("退回或不通过须写明理由"))
        return data


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.value, s.label) for s in Application.Status if s != Application.Status.DRAFT]
        self.fields["status"].choices = [("", _("全部"))] + choices

    @property
    def chosen(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""


class RankingForm(forms.Form):
    """One number per approved candidate. Equal or missing numbers keep the order shown, so
    a phone user may type only the numbers they change. ``up`` / ``down`` (a candidate's id,
    from the arrow buttons) move one candidate by one place after the numbers are applied."""

    up = forms.IntegerField(required=False, widget=forms.HiddenInput)
    down = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates: list[Application], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for position, application in enumerate(candidates, start=1):
            self.fields[self.field_name(application)] = forms.IntegerField(
                label=application.principal.name,
                required=False,
                min_value=1,
                max_value=MAX_RANK,
                initial=application.district_rank or position,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "rank-input"}),
            )

    @staticmethod
    def field_name(application: Application) -> str:
        return f"rank-{application.pk}"

    def rows(self):
        return [
            (application, self[self.field_name(application)]) for application in self.candidates
        ]

    def order(self) -> list[int]:
        """The candidates' ids, best first."""
        data = self.cleaned_data
        shown = {application.pk: index for index, application in enumerate(self.candidates)}

        def key(application):
            number = data.get(self.field_name(application))
            return (number if number is not None else MAX_RANK + 1, shown[application.pk])

        order = [application.pk for application in sorted(self.candidates, key=key)]
        for name, step in (("up", -1), ("down", 1)):
            moved = data.get(name)
            if moved in order:
                here = order.index(moved)
                there = here + step
                if 0 <= there < len(order):
                    order[here], order[there] = order[there], order[here]
        return order
