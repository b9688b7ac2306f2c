from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "touyan.allocation"
    label = "allocation"
    verbose_name = "成员分配"
