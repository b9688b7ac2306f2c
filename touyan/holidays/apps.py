from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "touyan.holidays"
    label = "holidays"
    verbose_name = "节假日安排"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home

        registry.MENU.add(home.menu_entries, weight=80)
