from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "touyan.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from touyan.core import registry

        from . import health, home, kinds

        kinds.discover()
        registry.MENU.add(home.menu_entries, weight=95)
        registry.HEALTH.add(health.oldest_waiting_job, weight=30)
        registry.HEALTH.add(health.last_heartbeat, weight=31)
