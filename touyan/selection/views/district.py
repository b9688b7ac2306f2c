"""Placeholder: being written."""

from django.views import View


class DistrictEntryView(View):
    pass


class DistrictListView(View):
    pass


class SummarySheetView(View):
    pass


class FormsPdfView(View):
    pass


class RankView(View):
    pass


class SubmitBatchView(View):
    pass


class ReviewApplicationView(View):
    pass


class FormPdfView(View):
    pass
