"""How a verdict reads at a glance: its state, with an open period not yet met told apart by its
pace — on track reads calm, behind amber, cannot be met red and marked. The pages, the legend
and the workbook all use these, so a colour means the same everywhere."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .verdicts import Pace, State

# In the order the legend and the totals list them.
TONES = ("met", "on_track", "behind", "cannot_be_met", "at_risk", "missed", "not_due")
# The subject page lists what needs doing first.
URGENCY = ("cannot_be_met", "behind", "at_risk", "missed", "on_track", "met", "not_due")

LABELS = {
    "met": _("已达成"),
    "on_track": _("进度正常"),
    "behind": _("进度落后"),
    "cannot_be_met": _("已无法达成"),
    "at_risk": _("有风险"),  # an open period without a pace: verdicts kept before pace
    "missed": _("未达成"),
    "not_due": _("未到期"),
}
SYMBOLS = {
    "met": "✓",
    "on_track": "→",
    "behind": "!",
    "cannot_be_met": "!!",
    "at_risk": "!",
    "missed": "✗",
    "not_due": "–",
}
EXPLAINED = {
    "on_track": _("尚未达成，但按进度可以按期达成"),
    "behind": _("尚未达成，且进度落后于本期应有的进度"),
    "cannot_be_met": _("本期尚未结束，但剩余时间或已排活动已不足以达成"),
}


def tone_of(state: State, pace: Pace | None) -> str:
    """An open period not yet met reads as its pace; so does a ceiling not yet exceeded whose
    allowance is being used faster than the course goes (met, but behind)."""
    if state is State.AT_RISK and pace is not None:
        return pace.value
    if state is State.MET and pace is Pace.BEHIND:
        return pace.value
    return state.value


def css_of(tone: str) -> str:
    return "state-" + tone.replace("_", "-")
