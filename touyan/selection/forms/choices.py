"""A member applicant's ranked studios (HN-3.6): one select per rank, first choice first."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.text import choice_label
from touyan.people.enums import JUNIOR, PRIMARY, SENIOR, STAGES_OF_KIND
from touyan.programmes.models import Studio

STAGE_WORDS = ((PRIMARY, _("小学")), (JUNIOR, _("初中")), (SENIOR, _("高中")))
FIELD = re.compile(r"^choice_(\d{1,3})$")


def studio_stages(studio: Studio) -> str:
    """The stages a studio's base school teaches: 初中, 高中 or 初中/高中."""
    stages = STAGES_OF_KIND.get(studio.base_school.kind, frozenset())
    return "/".join(str(word) for stage, word in STAGE_WORDS if stage in stages)


def studio_details(studio: Studio) -> str:
    """The host, the county and the stages: "host · county · 初中/高中"."""
    parts = [studio.host.name, studio.region.name, studio_stages(studio)]
    return " · ".join(part for part in parts if part)


def studio_label(studio: Studio) -> str:
    """How an applicant tells studios apart: "name（host · county · 初中/高中）"."""
    return f"{studio.name}（{studio_details(studio)}）"


class ChoicesForm(forms.Form):
    """``limit`` selects, each offering every choosable studio and an empty option; cleaned
    into ``studios``, the chosen studios in the applicant's order."""

    def __init__(self, *args, studios: list[Studio], limit: int, chosen: list[int], **kwargs):
        kwargs.setdefault(
            "initial", {f"choice_{rank}": pk for rank, pk in enumerate(chosen[:limit], start=1)}
        )
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.by_pk = {str(studio.pk): studio for studio in studios}
        options = [("", _("（不填）"))] + [(str(s.pk), studio_label(s)) for s in studios]
        for rank in range(1, limit + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=choice_label(rank), choices=options, required=False
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        beyond = [
            value
            for key, value in self.data.items()
            if (match := FIELD.match(key)) and int(match[1]) > self.limit and value
        ]
        if beyond:
            raise forms.ValidationError(
                _("最多填报 %(n)d 个工作室") % {"n": self.limit}, code="too_many"
            )
        values = [cleaned.get(f"choice_{rank}") or "" for rank in range(1, self.limit + 1)]
        filled = [value for value in values if value]
        if values[: len(filled)] != filled:
            raise forms.ValidationError(_("请按顺序填写志愿，不要跳过"), code="gap")
        if len(set(filled)) != len(filled):
            raise forms.ValidationError(_("同一个工作室只能填报一次"), code="repeated")
        cleaned["studios"] = [self.by_pk[value] for value in filled]
        return cleaned

    def rank_fields(self):
        return [self[f"choice_{rank}"] for rank in range(1, self.limit + 1)]
