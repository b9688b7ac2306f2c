from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "touyan.programmes"
    label = "programmes"
    verbose_name = "培养项目"

    def ready(self) -> None:
        from touyan.core import public_pages, registry

        from . import home
        from .models import Programme, Studio

        registry.HOME_CARDS.add(home.programme_cards, weight=70)
        registry.HOME_CARDS.add(home.participation_card, weight=80)
        registry.MENU.add(home.menu_entries, weight=70)
        registry.STUDIO_LINKS.add(home.studio_links, weight=45)
        public_pages.follow(Programme, Studio)
