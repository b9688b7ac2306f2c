from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "touyan.records"
    label = "records"
    verbose_name = "活动与成果记录"
