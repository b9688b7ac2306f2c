from django.urls import path  # noqa: F401

app_name = "training"

# Each part of the course adds its paths to its own section, from its own views module.
urlpatterns: list = [
    # mentor teams, the mentor's workspace, mentoring sessions (views/mentors.py)
    # personal development plans and comments (views/plans.py)
    # leave requests, roll call and session codes (views/leave.py)
    # removal cases and replacements (views/removal.py)
    # completion, transcripts, the credit file (views/completion.py)
]
