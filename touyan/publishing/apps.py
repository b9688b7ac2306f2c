from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "touyan.publishing"
    label = "publishing"
    verbose_name = "工作室网站"

    def ready(self) -> None:
        from touyan.core import public_pages, registry

        from . import home, inbox
        from .models import Post, PostPhoto

        registry.INBOX.add(inbox.posts_for_host, weight=32)
        registry.INBOX.add(inbox.posts_for_centre, weight=33)
        registry.STUDIO_LINKS.add(home.studio_links, weight=40)
        public_pages.follow(Post, PostPhoto)
