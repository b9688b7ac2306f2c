from django.urls import path

from . import views

app_name = "holidays"
urlpatterns = [
    path("", views.YearListView.as_view(), name="years"),
    path("<int:year>/", views.YearView.as_view(), name="year"),
]
