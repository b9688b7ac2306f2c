"""The pages of the people who run a call: the city's authority and the training centre."""

from .office_calls import CallCreateView, CallListView, CallView
from .office_case import CaseView
from .office_decision import NoticeView, ObjectionsView, RankingView
from .office_review import BatchesView, PanelView

__all__ = [
    "BatchesView",
    "CallCreateView",
    "CallListView",
    "CallView",
    "CaseView",
    "NoticeView",
    "ObjectionsView",
    "PanelView",
    "RankingView",
]
