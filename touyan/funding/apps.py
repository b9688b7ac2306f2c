from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "touyan.funding"
    label = "funding"
    verbose_name = "经费管理"
