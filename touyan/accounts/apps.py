from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "touyan.accounts"
    label = "accounts"
    verbose_name = "账号与授权"

    def ready(self) -> None:
        from touyan.core import freshness, registry

        from . import home, signals  # noqa: F401
        from .models import RoleGrant

        registry.HOME_BADGES.add(home.grant_badges, weight=0)
        registry.HOME_CARDS.add(home.accounts_card, weight=30)
        registry.MENU.add(home.menu_entries, weight=40)
        freshness.follow(freshness.GRANTS, RoleGrant)
