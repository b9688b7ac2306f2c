from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "touyan.audit"
    label = "audit"
    verbose_name = "操作日志"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home

        registry.HOME_CARDS.add(home.trail_card, weight=20)
        registry.MENU.add(home.menu_entries, weight=50)
