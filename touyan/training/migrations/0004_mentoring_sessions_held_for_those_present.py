"""Mentoring sessions recorded before ``records.Audience`` were sessions of the whole cohort,
with the team's trainees not ticked marked absent. Each becomes a session held for those
present, as sessions are recorded now; the absences written for the others go, since no one
could have asked leave for a session recorded after the fact."""

from django.db import migrations


def hold_for_those_present(apps, schema_editor):
    MentoringSession = apps.get_model("training", "MentoringSession")
    Audience = apps.get_model("records", "Audience")
    Attendance = apps.get_model("records", "Attendance")
    for activity_id in MentoringSession.objects.values_list("activity_id", flat=True).iterator():
        if Audience.objects.filter(activity_id=activity_id).exists():
            continue
        marks = Attendance.objects.filter(activity_id=activity_id)
        present = list(marks.filter(status="present").values_list("principal_id", flat=True))
        if not present:
            continue  # nobody came: left as it was, for the centre to see
        Audience.objects.bulk_create(
            Audience(activity_id=activity_id, principal_id=principal) for principal in present
        )
        marks.exclude(status="present").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0006_activity_audience"),
        ("training", "0003_removal_basis"),
    ]

    operations = [migrations.RunPython(hold_for_those_present, migrations.RunPython.noop)]
