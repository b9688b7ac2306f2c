from django.core.management.base import BaseCommand

from touyan.core.actors import Actor
from touyan.policies.presets import PRESETS, preset_text
from touyan.policies.services import publish_policy


class Command(BaseCommand):
    help = "发布随软件提供的政策预设（海南工作室、杭州培养工程、宁波骨干校长研修）；文本未变时不产生新版本。"

    def handle(self, *args, **options):
        for name in PRESETS:
            version = publish_policy(actor=Actor.command_line(), text=preset_text(name))
            self.stdout.write(f"{version.policy.slug}：第 {version.number} 版")
