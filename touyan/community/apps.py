from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "touyan.community"
    label = "community"
    verbose_name = "网络学习社区"

    def ready(self) -> None:
        # The menu entry and the 待办 items (docs/community.md, "Where to find it").
        from touyan.core import registry

        from . import home, inbox

        registry.MENU.add(home.menu_entries, weight=72)
        registry.STUDIO_LINKS.add(home.studio_links, weight=30)
        registry.INBOX.add(inbox.sessions_to_join, weight=70)
        registry.INBOX.add(inbox.posts_to_review, weight=71)
