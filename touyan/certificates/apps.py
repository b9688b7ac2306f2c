from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "touyan.certificates"
    label = "certificates"
    verbose_name = "结业证书"

    def ready(self) -> None:
        from touyan.core import registry

        from . import home, rules  # noqa: F401 (rules registers the permissions)

        registry.MENU.add(home.menu_entries, weight=60)
        registry.PUBLIC_HOME.add(home.public_sections, weight=30)
