from django.views import View


class StudioListView(View):
    pass


class StudioPageView(View):
    pass
