"""Who holds and spends a budget, kept on it (``held_by``): the centre may now keep a line per
studio (HN-6.2), so a studio on a budget no longer means the studio spends it. Existing budgets
are held by their studio, their cohort, or (with neither) the centre."""

from django.db import migrations, models
from django.db.models import Q


def fill(apps, schema_editor):
    Budget = apps.get_model("funding", "Budget")
    Budget.objects.filter(studio__isnull=False).update(held_by="studio")
    Budget.objects.filter(cohort__isnull=False).update(held_by="cohort")


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="budget",
            name="held_by",
            field=models.CharField(
                choices=[("studio", "工作室"), ("cohort", "培训班"), ("centre", "培训中心")],
                default="centre",
                max_length=16,
                verbose_name="持有方",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="budget",
            constraint=models.CheckConstraint(
                condition=Q(held_by="studio", studio__isnull=False)
                | Q(held_by="cohort", cohort__isnull=False)
                | Q(held_by="centre", cohort__isnull=True),
                name="budget_held_by_fits",
            ),
        ),
    ]
