"""Placeholder: being written."""

from django.views import View


class ApplyView(View):
    pass


class MyApplicationsView(View):
    pass


class ApplicationView(View):
    pass


class EvidenceDownloadView(View):
    pass
