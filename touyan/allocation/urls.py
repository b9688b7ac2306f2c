from django.urls import path

from .views import runs

app_name = "allocation"
urlpatterns = [
    path("calls/<int:pk>/", runs.RunListView.as_view(), name="runs"),
    path("calls/<int:pk>/compare/", runs.CompareView.as_view(), name="compare"),
    path("runs/<int:pk>/", runs.RunView.as_view(), name="run"),
    path("runs/<int:pk>/progress.json", runs.ProgressView.as_view(), name="progress"),
    path("runs/<int:pk>/move/", runs.MoveView.as_view(), name="move"),
    path("runs/<int:pk>/repeat/", runs.RepeatView.as_view(), name="repeat"),
    path("runs/<int:pk>/publish/", runs.PublishView.as_view(), name="publish"),
    path("runs/<int:pk>/problem.json", runs.ProblemFileView.as_view(), name="problem"),
    path("runs/<int:pk>/result.json", runs.ResultFileView.as_view(), name="result"),
]
