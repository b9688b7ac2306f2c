from django.urls import path

from .views import run, runs

app_name = "allocation"
urlpatterns = [
    path("calls/<int:pk>/", runs.RunListView.as_view(), name="runs"),
    path("calls/<int:pk>/compare/", runs.CompareView.as_view(), name="compare"),
    path("runs/<int:pk>/", run.RunView.as_view(), name="run"),
    path("runs/<int:pk>/progress.json", run.ProgressView.as_view(), name="progress"),
    path("runs/<int:pk>/move/", run.MoveView.as_view(), name="move"),
    path("runs/<int:pk>/repeat/", run.RepeatView.as_view(), name="repeat"),
    path("runs/<int:pk>/publish/", run.PublishView.as_view(), name="publish"),
    path("runs/<int:pk>/problem.json", run.ProblemFileView.as_view(), name="problem"),
    path("runs/<int:pk>/result.json", run.ResultFileView.as_view(), name="result"),
    path("runs/<int:pk>/list.xlsx", run.ListSheetView.as_view(), name="list_xlsx"),
    path("runs/<int:pk>/list.pdf", run.ListPdfView.as_view(), name="list_pdf"),
]
