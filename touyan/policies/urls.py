from django.urls import path

from . import editor_views, views

app_name = "policies"
urlpatterns = [
    path("", views.PolicyListView.as_view(), name="list"),
    path("new/", editor_views.StartDraftView.as_view(), name="new"),
    path("drafts/<int:pk>/", editor_views.DraftEditorView.as_view(), name="draft"),
    path("drafts/<int:pk>/check/", editor_views.DraftCheckView.as_view(), name="draft_check"),
    path("drafts/<int:pk>/page/", editor_views.DraftPageView.as_view(), name="draft_page"),
    path("drafts/<int:pk>/diff/", editor_views.DraftDiffView.as_view(), name="draft_diff"),
    path("drafts/<int:pk>/preview/", editor_views.DraftPreviewView.as_view(), name="draft_preview"),
    path("drafts/<int:pk>/publish/", editor_views.DraftPublishView.as_view(), name="draft_publish"),
    path("drafts/<int:pk>/discard/", editor_views.DraftDiscardView.as_view(), name="draft_discard"),
    path("previews/<int:pk>/", editor_views.PreviewResultView.as_view(), name="preview"),
    path("<slug:slug>/", views.PolicyVersionView.as_view(), name="detail"),
    path("<slug:slug>/edit/", editor_views.StartDraftView.as_view(), name="edit"),
    path("<slug:slug>/v<int:number>/", views.PolicyVersionView.as_view(), name="version"),
]
