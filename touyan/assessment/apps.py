from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "touyan.assessment"
    label = "assessment"
    verbose_name = "考核评估"

    def ready(self) -> None:
        from touyan.core import public_pages, registry

        from . import archive, home, inbox, jobs_consequences  # noqa: F401  (the job kind registers)
        from .models import Case, Round

        registry.MENU.add(home.menu_entries, weight=65)
        registry.INBOX.add(inbox.items, weight=75)
        registry.INBOX.add(inbox.grading_to_do, weight=76)
        registry.MEMBER_ARCHIVE.add(archive.grades, weight=60)
        # The commendations on the studios' public pages.
        public_pages.follow(Case, Round)
