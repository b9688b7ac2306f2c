from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "touyan.studios"
    label = "studios"
    verbose_name = "工作室"
