from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "touyan.notifications"
    label = "notifications"
    verbose_name = "通知"
