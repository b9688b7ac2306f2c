from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "touyan.policies"
    label = "policies"
    verbose_name = "培养政策"
