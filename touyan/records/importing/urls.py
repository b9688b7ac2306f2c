from django.urls import path

from . import views

app_name = "records_import"
urlpatterns = [
    path("<slug:slug>/", views.RecordUploadView.as_view(), name="upload"),
    path("<slug:slug>/<int:pk>/", views.RecordPreviewView.as_view(), name="preview"),
    path("<slug:slug>/template.xlsx", views.RecordTemplateView.as_view(), name="template"),
]
