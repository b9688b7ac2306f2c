from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "touyan.training"
    label = "training"
    verbose_name = "培训过程与结业"

    def ready(self) -> None:
        # Domains register their home cards, menu entries and inbox items here.
        from touyan.assessment.consequences import grades_published
        from touyan.core import registry
        from touyan.records import leave as record_leave

        from . import home, inbox, jobs_removal  # noqa: F401  (removal's job kind registers)
        from .services import leave
        from .services.removal import on_grades_published

        record_leave.register(leave.granted_for)  # leave: 请假 only when granted
        registry.HOME_CARDS.add(home.leave_cards, weight=55)  # leave
        registry.INBOX.add(inbox.leave_to_decide, weight=55)  # leave
        registry.MENU.add(home.research_menu, weight=67)  # research institute
        registry.HOME_CARDS.add(home.research_card, weight=56)  # research institute
        registry.HOME_CARDS.add(home.district_removal_card, weight=57)  # district officers
        registry.HOME_CARDS.add(home.mentor_card, weight=50)  # mentors
        registry.HOME_CARDS.add(home.trainee_card, weight=82)  # plans
        registry.MENU.add(home.menu_entries, weight=72)  # mentors
        registry.INBOX.add(inbox.plans_to_approve, weight=80)  # plans
        registry.INBOX.add(inbox.removal_items, weight=80)  # removal
        grades_published.connect(on_grades_published, dispatch_uid="training.removal")  # removal
