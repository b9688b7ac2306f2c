"""Placeholder: being written."""

from django.views import View


class MyReviewsView(View):
    pass


class ReviewView(View):
    pass
