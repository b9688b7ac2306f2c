from django.db import migrations


def load(apps, schema_editor):
    from touyan.holidays.loader import sync_holidays

    sync_holidays(
        apps.get_model("holidays", "HolidayYear"), apps.get_model("holidays", "SpecialDay")
    )


class Migration(migrations.Migration):
    dependencies = [("holidays", "0001_holiday_years")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
