from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "touyan.selection"
    label = "selection"
    verbose_name = "遴选"
