from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "touyan.programmes"
    label = "programmes"
    verbose_name = "培养项目"
