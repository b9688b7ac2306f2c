from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "touyan.people"
    label = "people"
    verbose_name = "学校与校长"
