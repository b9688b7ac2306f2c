from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "touyan.training"
    label = "training"
    verbose_name = "培训过程与结业"

    def ready(self) -> None:
        # Domains register their home cards, menu entries and inbox items here.
        from touyan.core import registry

        from . import home as mentoring_home
        from . import inbox as training_inbox

        registry.HOME_CARDS.add(mentoring_home.mentor_card, weight=50)
        registry.HOME_CARDS.add(mentoring_home.trainee_card, weight=82)
        registry.MENU.add(mentoring_home.menu_entries, weight=72)
        registry.INBOX.add(training_inbox.plans_to_approve, weight=80)
