from django.views import View


class ReviewQueueView(View):
    pass


class ReviewView(View):
    pass
