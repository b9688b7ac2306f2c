from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "touyan.records"
    label = "records"
    verbose_name = "活动与成果记录"

    def ready(self) -> None:
        from touyan.core import registry

        from . import archive, inbox

        registry.INBOX.add(inbox.attendance_to_record, weight=50)
        registry.MEMBER_ARCHIVE.add(archive.deliverables, weight=20)
