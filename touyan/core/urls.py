from django.urls import path

from . import inbox_views, views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("inbox/", inbox_views.InboxView.as_view(), name="inbox"),
    path("inbox/<str:key>/", inbox_views.InboxItemView.as_view(), name="inbox_item"),
]
