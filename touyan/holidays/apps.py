from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "touyan.holidays"
    label = "holidays"
    verbose_name = "节假日安排"
