from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0002_completion_opinion")]

    operations = [
        migrations.AddField(
            model_name="removalcase",
            name="basis",
            field=models.JSONField(blank=True, default=dict, verbose_name="立案依据"),
        ),
        migrations.AddField(
            model_name="replacement",
            name="notice_ends_on",
            field=models.DateField(blank=True, null=True, verbose_name="公示截止"),
        ),
    ]
