import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The foreign keys' own indexes are dropped by name (the same on both databases) rather than
# by altering the fields: on SQLite, altering a field copies the whole table, three times.
FOREIGN_KEY_INDEXES = {
    "notifications_outboxmessage_consultation_id_58b71ba4": "consultation_id",
    "notifications_outboxmessage_office_id_143ffe59": "office_id",
    "notifications_outboxmessage_recipient_id_7fd3d38f": "recipient_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0010_inbox_index_includes_id_and_progress"),
        ("notifications", "0007_outbox_partial_indexes"),
        ("offices", "0005_office_calendar_stamp"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_unread_per_user"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="outboxmessage",
                    name="consultation",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="consultations.consultation",
                    ),
                ),
                migrations.AlterField(
                    model_name="outboxmessage",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="offices.office",
                    ),
                ),
                migrations.AlterField(
                    model_name="outboxmessage",
                    name="recipient",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "notifications_outboxmessage" ("{column}")',
                )
                for name, column in FOREIGN_KEY_INDEXES.items()
            ],
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("recipient__isnull", False)),
                fields=["recipient", "channel", "read_at"],
                name="outbox_unread_per_user",
            ),
        ),
    ]
