from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "touyan.people"
    label = "people"
    verbose_name = "学校与校长"

    def ready(self) -> None:
        from touyan.core import freshness, public_pages, registry

        from . import home
        from .models import Principal, School

        registry.HOME_CARDS.add(home.registry_card, weight=10)
        registry.HOME_CARDS.add(home.own_record_card, weight=60)
        registry.MENU.add(home.menu_entries, weight=10)
        # The hosts' names and schools on the studios' pages.
        public_pages.follow(Principal, School)
        # Every list and evaluation showing names and schools.
        freshness.follow(freshness.REGISTRY, Principal, School)
