from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "touyan.selection"
    label = "selection"
    verbose_name = "遴选"

    def ready(self) -> None:
        from touyan.core import public_pages, registry

        from . import home, inbox
        from .models import Application, Call, Notice

        registry.HOME_CARDS.add(home.district_card, weight=15)
        registry.HOME_CARDS.add(home.applicant_card, weight=35)
        registry.HOME_CARDS.add(home.expert_card, weight=40)
        registry.MENU.add(home.menu_entries, weight=20)
        registry.PUBLIC_HOME.add(home.public_sections, weight=10)
        registry.INBOX.add(inbox.items, weight=20)
        # The calls, their notices and the lists under notice.
        public_pages.follow(Call, Notice, Application)
