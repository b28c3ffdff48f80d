from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_event_log_append_only")]

    operations = [
        migrations.RenameField(
            model_name="consultation", old_name="last_progress_at", new_name="progress_counted_from"
        )
    ]
