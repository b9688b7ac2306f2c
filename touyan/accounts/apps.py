from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "touyan.accounts"
    label = "accounts"
    verbose_name = "账号与授权"

    def ready(self) -> None:
        from . import signals  # noqa: F401
