from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "touyan.studios"
    label = "studios"
    verbose_name = "工作室"

    def ready(self) -> None:
        from touyan.core import public_pages, registry

        from . import archive, home, inbox
        from .models import Prospectus

        registry.MENU.add(home.menu_entries, weight=60)
        registry.PUBLIC_HOME.add(home.public_sections, weight=20)
        registry.INBOX.add(inbox.prospectuses_to_approve, weight=30)
        registry.INBOX.add(inbox.tasks_waiting, weight=31)
        registry.MEMBER_ARCHIVE.add(archive.tasks, weight=35)
        registry.MEMBER_ARCHIVE.add(archive.guidance, weight=40)
        public_pages.follow(Prospectus)
