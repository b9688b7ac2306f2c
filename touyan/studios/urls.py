from django.urls import path

from .views import archive, documents, host, mine, office, public, tasks

app_name = "studios"
urlpatterns = [
    # the public: studios whose prospectus is approved
    path("", public.StudioListView.as_view(), name="public_list"),
    path("<int:pk>/", public.StudioPageView.as_view(), name="public"),
    # the host and the members
    path("mine/", mine.MyStudiosView.as_view(), name="mine"),
    path("<int:pk>/prospectus/", host.ProspectusEditView.as_view(), name="edit"),
    # the host's documents (HN-4.2.1): read by whoever sees the studio, written by the host
    path("<int:pk>/documents/", documents.DocumentListView.as_view(), name="documents"),
    path("<int:pk>/documents/<slug:document>/", documents.DocumentView.as_view(), name="document"),
    # tasks (HN-4.2.2): the host's pages, then the member's own
    path("<int:pk>/tasks/", tasks.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:pk>/", tasks.TaskView.as_view(), name="task"),
    path("tasks/parts/<int:pk>/review/", tasks.ReviewPartView.as_view(), name="review_part"),
    path("tasks/parts/<int:pk>/file/", tasks.PartFileView.as_view(), name="part_file"),
    path("mine/tasks/", mine.MyTasksView.as_view(), name="my_tasks"),
    path("mine/tasks/<int:pk>/", mine.MyTaskView.as_view(), name="my_task"),
    # a member's archive (成员档案)
    path("members/<int:pk>/archive/", archive.ArchiveView.as_view(), name="archive"),
    path("members/<int:pk>/archive.pdf", archive.ArchivePdfView.as_view(), name="archive_pdf"),
    # the centre
    path("review/<slug:slug>/", office.ReviewQueueView.as_view(), name="queue"),
    path("<int:pk>/prospectus/review/", office.ReviewView.as_view(), name="review"),
]
