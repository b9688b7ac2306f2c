from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "touyan.funding"
    label = "funding"
    verbose_name = "经费管理"

    def ready(self) -> None:
        # The domain's menu entry, home card and 待办 items (docs/funding.md, "Pages").
        from touyan.core import registry

        from . import home, inbox

        registry.MENU.add(home.menu_entries, weight=75)
        registry.HOME_CARDS.add(home.finance_cards, weight=85)
        registry.INBOX.add(inbox.disbursements_to_decide, weight=85)
        registry.INBOX.add(inbox.years_to_close, weight=86)
        registry.INBOX.add(inbox.warnings_to_explain, weight=87)
