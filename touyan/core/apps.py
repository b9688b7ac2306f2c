from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "touyan.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from . import checks, home, registry, retention  # noqa: F401

        registry.MENU.add(home.menu_entries, weight=0)
        registry.PAGE_CONTEXT.add(home.inbox_count, weight=0)
