from django.urls import path

from . import feeds
from .views import activity, office, public, writer

app_name = "publishing"
urlpatterns = [
    # visitors: a studio's site, its columns, a post, photos and feeds
    path("<int:pk>/", public.SiteHomeView.as_view(), name="site"),
    path("<int:pk>/feed.atom", feeds.StudioAtomFeed(), name="atom"),
    path("<int:pk>/feed.rss", feeds.StudioFeed(), name="rss"),
    path("<int:pk>/<slug:column>/", public.ColumnView.as_view(), name="column"),
    path("<int:pk>/<slug:column>/feed.atom", feeds.StudioAtomFeed(), name="column_atom"),
    path("<int:pk>/<slug:column>/feed.rss", feeds.StudioFeed(), name="column_rss"),
    path("posts/<int:pk>/", public.PostView.as_view(), name="post"),
    path("photos/<int:pk>/", public.PhotoView.as_view(), name="photo"),
    path("evidence/<slug:slug>/<int:pk>/", public.EvidenceView.as_view(), name="evidence"),
    # the host and the members
    path("studios/<int:pk>/posts/", writer.StudioPostsView.as_view(), name="studio_posts"),
    path("studios/<int:pk>/posts/new/", writer.PostCreateView.as_view(), name="write"),
    path("posts/<int:pk>/manage/", writer.PostManageView.as_view(), name="manage"),
    path("posts/<int:pk>/edit/", writer.PostEditView.as_view(), name="edit"),
    path("posts/<int:pk>/wechat/", writer.WechatExportView.as_view(), name="wechat"),
    path("activities/<int:pk>/", activity.ActivityPostView.as_view(), name="from_activity"),
    # the centre
    path("review/<slug:slug>/", office.ReviewQueueView.as_view(), name="queue"),
]
