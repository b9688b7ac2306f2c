from django.urls import path

from .views import library, public, share

app_name = "library"
urlpatterns = [
    path("", library.LibraryView.as_view(), name="list"),
    path("mine/", library.MineView.as_view(), name="mine"),
    path("share/", share.ShareView.as_view(), name="share"),
    path(
        "share/deliverable/<int:pk>/",
        share.ShareDeliverableView.as_view(),
        name="share_deliverable",
    ),
    path("share/outcome/<int:pk>/", share.ShareOutcomeView.as_view(), name="share_outcome"),
    path("share/post/<int:pk>/", share.SharePostView.as_view(), name="share_post"),
    path("<int:pk>/", library.ResourceView.as_view(), name="resource"),
    path("<int:pk>/file/", library.DownloadView.as_view(), name="download"),
    path("<int:pk>/withdraw/", library.WithdrawView.as_view(), name="withdraw"),
    # for everyone, without signing in (views/public.py)
    path("public/", public.PublicLibraryView.as_view(), name="public"),
    path("public/<int:pk>/", public.PublicResourceView.as_view(), name="public_resource"),
]
