from django.db import migrations


def load(apps, schema_editor):
    from touyan.regions.loader import sync_regions

    sync_regions(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    """The division table gained 宁波市's 海曙区, 鄞州区 and 宁海县; loading is idempotent."""

    dependencies = [("regions", "0002_load_divisions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
