from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "touyan.allocation"
    label = "allocation"
    verbose_name = "成员分配"

    def ready(self) -> None:
        from touyan.core import registry

        from . import inbox

        registry.INBOX.add(inbox.runs_to_publish, weight=40)
