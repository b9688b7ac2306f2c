from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import places, sessions, threads

app_name = "community"
urlpatterns = [
    path("", places.IndexView.as_view(), name="index"),
    path("<slug:slug>/studios/<int:pk>/", places.StudioView.as_view(), name="studio"),
    path("<slug:slug>/board/", places.BoardView.as_view(), name="board"),
    path("<slug:slug>/threads/<int:pk>/", threads.ThreadView.as_view(), name="thread"),
    path("<slug:slug>/posts/<int:pk>/report/", threads.ReportView.as_view(), name="report"),
    path("<slug:slug>/posts/<int:pk>/hide/", threads.HideView.as_view(), name="hide"),
    path(
        "<slug:slug>/posts/<int:pk>/approve/",
        threads.ModerationActionView.as_view(action="approve", done=_("帖子已审核通过")),
        name="approve",
    ),
    path(
        "<slug:slug>/posts/<int:pk>/restore/",
        threads.ModerationActionView.as_view(action="restore", done=_("帖子已恢复显示")),
        name="restore",
    ),
    path(
        "<slug:slug>/posts/<int:pk>/dismiss/",
        threads.ModerationActionView.as_view(action="dismiss", done=_("已处理：举报不成立")),
        name="dismiss",
    ),
    path("<slug:slug>/moderation/", threads.ModerationView.as_view(), name="moderation"),
    path(
        "<slug:slug>/studios/<int:pk>/sessions/new/",
        sessions.SessionNewView.as_view(),
        name="session_new",
    ),
    path("<slug:slug>/sessions/<int:pk>/", sessions.SessionView.as_view(), name="session"),
    path(
        "<slug:slug>/sessions/<int:pk>/material/",
        sessions.MaterialView.as_view(),
        name="material",
    ),
    path("<slug:slug>/sessions/<int:pk>/open/", sessions.OpenMaterialView.as_view(), name="open"),
    path(
        "<slug:slug>/sessions/<int:pk>/file/",
        sessions.MaterialFileView.as_view(),
        name="material_file",
    ),
    path("<slug:slug>/sessions/<int:pk>/close/", sessions.CloseView.as_view(), name="close"),
]
