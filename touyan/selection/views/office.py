"""Placeholder: being written."""

from django.views import View


class CallListView(View):
    pass


class CallCreateView(View):
    pass


class CallView(View):
    pass


class BatchesView(View):
    pass


class PanelView(View):
    pass


class RankingView(View):
    pass


class NoticeView(View):
    pass


class ObjectionsView(View):
    pass


class CaseView(View):
    pass
