from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "touyan.backups"
    label = "backups"
    verbose_name = "备份与恢复"
