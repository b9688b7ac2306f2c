"""What the training domain shows on the home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.registry import Card
from touyan.programmes.access import access_of

from .models import LeaveRequest
from .selectors.leave import own_requests


# Leave: a trainee's requests, the latest first (HZ-3.4.1.1).
def leave_cards(user) -> list[Card]:
    if access_of(user).principal_id is None:
        return []
    requests = list(own_requests(user).order_by("-activity__date", "-pk")[:3])
    if not requests and not user.has_perm("training.sign_in"):
        return []
    lines = [
        f"{r.activity.date:%m-%d} {r.activity.title}：{r.get_state_display()}" for r in requests
    ]
    pending = sum(r.state == LeaveRequest.State.REQUESTED for r in requests)
    text = "；".join(lines) if lines else _("没有请假记录。请假须在培训开始前提出。")
    if pending:
        text += _("（%(n)d 份待审批）") % {"n": pending}
    return [
        Card(
            title=_("请假与签到"),
            text=text,
            links=[
                (reverse("training:my_leave"), _("我的请假")),
                (reverse("training:sign_in"), _("签到码签到")),
            ],
        )
    ]
