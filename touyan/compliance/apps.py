from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "touyan.compliance"
    label = "compliance"
    verbose_name = "合规检查"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home, inbox

        registry.HOME_CARDS.add(home.cards_for, weight=90)
        registry.INBOX.add(inbox.deliverables_due, weight=60)
