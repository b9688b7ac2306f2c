from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "touyan.training"
    label = "training"
    verbose_name = "培训过程与结业"

    def ready(self) -> None:
        # Domains register their home cards, menu entries and inbox items here.
        from touyan.core import registry

        from . import home

        registry.MENU.add(home.research_menu, weight=67)
        registry.HOME_CARDS.add(home.research_card, weight=55)
