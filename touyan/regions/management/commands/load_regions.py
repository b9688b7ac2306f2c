from django.core.management.base import BaseCommand

from touyan.regions.loader import sync_regions
from touyan.regions.models import Region


class Command(BaseCommand):
    help = "载入或更新随软件发布的行政区划表（GB/T 2260）。可重复执行。"

    def handle(self, *args, **options):
        changed = sync_regions(Region)
        self.stdout.write(f"行政区划：{Region.objects.count()} 条，本次更新 {changed} 条。")
