from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "touyan.demo"
    label = "demo"
    verbose_name = "演示数据"
