from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "touyan.library"
    label = "library"
    verbose_name = "共享资源库"

    def ready(self) -> None:
        # The menu entry and the front door's section (docs/library.md, "Pages"); the public
        # library is kept in the shared cache, so a change to a resource shows at once.
        from touyan.core import public_pages, registry

        from . import home
        from .models import Resource

        registry.MENU.add(home.menu_entries, weight=78)
        registry.PUBLIC_HOME.add(home.public_section, weight=60)
        public_pages.follow(Resource)
