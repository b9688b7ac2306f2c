from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "touyan.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home

        registry.PAGE_CONTEXT.add(home.unread_notifications, weight=0)
        registry.MENU.add(home.menu_entries, weight=90)
