from django.urls import path

from .views import archive, host, mine, office, public

app_name = "studios"
urlpatterns = [
    # the public: studios whose prospectus is approved
    path("", public.StudioListView.as_view(), name="public_list"),
    path("<int:pk>/", public.StudioPageView.as_view(), name="public"),
    # the host and the members
    path("mine/", mine.MyStudiosView.as_view(), name="mine"),
    path("<int:pk>/prospectus/", host.ProspectusEditView.as_view(), name="edit"),
    # a member's archive (成员档案)
    path("members/<int:pk>/archive/", archive.ArchiveView.as_view(), name="archive"),
    path("members/<int:pk>/archive.pdf", archive.ArchivePdfView.as_view(), name="archive_pdf"),
    # the centre
    path("review/<slug:slug>/", office.ReviewQueueView.as_view(), name="queue"),
    path("<int:pk>/prospectus/review/", office.ReviewView.as_view(), name="review"),
]
