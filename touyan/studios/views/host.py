from django.views import View


class ProspectusEditView(View):
    pass
