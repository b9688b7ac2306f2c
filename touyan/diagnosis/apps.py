from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "touyan.diagnosis"
    label = "diagnosis"
    verbose_name = "入校诊断"

    def ready(self) -> None:
        # 我的工作室's link to the rotation, the followers' card and the 待办 items (docs/diagnosis.md, "Pages").
        from touyan.core import registry

        from . import archive, home, inbox

        registry.STUDIO_LINKS.add(home.studio_links, weight=50)
        registry.HOME_CARDS.add(home.overview_cards, weight=60)
        registry.INBOX.add(inbox.visits_to_report, weight=45)
        registry.INBOX.add(inbox.follow_ups_waiting, weight=46)
        registry.MEMBER_ARCHIVE.add(archive.visit, weight=50)
