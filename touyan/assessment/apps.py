from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "touyan.assessment"
    label = "assessment"
    verbose_name = "考核评估"

    def ready(self) -> None:
        from touyan.core import registry

        from . import inbox, jobs_consequences  # noqa: F401  (the job kind registers itself)

        registry.INBOX.add(inbox.items, weight=75)
