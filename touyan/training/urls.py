from django.urls import path  # noqa: F401

from .views import research as research_views
from .views import studio as studio_views

app_name = "training"

# Each part of the course adds its paths to its own section, from its own views module.
urlpatterns: list = [
    # mentor teams, the mentor's workspace, mentoring sessions (views/mentors.py)
    # personal development plans and comments (views/plans.py)
    # leave requests, roll call and session codes (views/leave.py)
    # removal cases and replacements (views/removal.py)
    # completion, transcripts, the credit file (views/completion.py)
    # research projects, the research institute, the trainee's studio (views/research.py, studio.py)
    path("<slug:slug>/research/", research_views.ResearchListView.as_view(), name="research"),
    path(
        "<slug:slug>/research/institute/",
        research_views.InstituteGrantView.as_view(),
        name="institute_grants",
    ),
    path(
        "<slug:slug>/research/projects/<int:pk>/",
        research_views.ProjectView.as_view(),
        name="project",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/research/",
        research_views.TraineeResearchView.as_view(),
        name="trainee_research",
    ),
    path(
        "<slug:slug>/trainees/<int:pk>/studio/",
        studio_views.TraineeStudioView.as_view(),
        name="trainee_studio",
    ),
    path(
        "<slug:slug>/cohorts/<int:number>/studios/",
        studio_views.CohortStudiosView.as_view(),
        name="cohort_studios",
    ),
]
