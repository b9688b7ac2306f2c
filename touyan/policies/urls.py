from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("<slug:slug>/", views.PolicyVersionView.as_view(), name="detail"),
    path("<slug:slug>/v<int:number>/", views.PolicyVersionView.as_view(), name="version"),
]
