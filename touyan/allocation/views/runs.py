from django.views import View


class RunListView(View):
    pass


class CompareView(View):
    pass


class RunView(View):
    pass


class ProgressView(View):
    pass


class MoveView(View):
    pass


class RepeatView(View):
    pass


class PublishView(View):
    pass


class ProblemFileView(View):
    pass


class ResultFileView(View):
    pass
