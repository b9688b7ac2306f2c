"""Objectors' names and contact details encrypted at rest; their names taken out of the audit
trail, where an objection used to be labelled by its objector."""

from django.db import migrations

import touyan.core.fields
from touyan.core import crypto

FIELDS = ("name", "contact")


def rewrite(schema_editor, transform) -> None:
    # Raw SQL: the historical model's field would try to decrypt the values it reads.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, name, contact FROM selection_objection")
        rows = cursor.fetchall()
        for pk, name, contact in rows:
            cursor.execute(
                "UPDATE selection_objection SET name = %s, contact = %s WHERE id = %s",
                [transform(name or ""), transform(contact or ""), pk],
            )


def encrypt(apps, schema_editor):
    rewrite(schema_editor, lambda value: crypto.encrypt(value) if value else value)


def decrypt(apps, schema_editor):
    rewrite(schema_editor, lambda value: crypto.decrypt(value) if value else value)


def unlabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    kind = ContentType.objects.filter(app_label="selection", model="objection").first()
    if kind is None:
        return
    for entry in AuditEntry.objects.filter(target_type=kind).only("pk", "target_id"):
        AuditEntry.objects.filter(pk=entry.pk).update(target_label=f"公示异议 {entry.target_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0003_application_placed_studio_application_placement_note_and_more"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objection",
            name="contact",
            field=touyan.core.fields.EncryptedTextField(verbose_name="联系方式"),
        ),
        migrations.AlterField(
            model_name="objection",
            name="name",
            field=touyan.core.fields.EncryptedTextField(verbose_name="反映人"),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.RunPython(unlabel, migrations.RunPython.noop),
    ]
