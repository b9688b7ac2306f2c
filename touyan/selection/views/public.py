"""Placeholder: being written."""

from django.views import View


class CallListView(View):
    pass


class CallView(View):
    pass


class NoticeView(View):
    pass
