from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "touyan.policies"
    label = "policies"
    verbose_name = "培养政策"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home

        registry.MENU.add(home.menu_entries, weight=71)
