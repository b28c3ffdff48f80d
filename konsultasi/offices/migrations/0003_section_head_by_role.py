"""One rule for who heads a section: the section-head role that names it. A head recorded
only on the section becomes that role before the field goes."""

from django.db import migrations


def heads_become_roles(apps, schema_editor):
    Section = apps.get_model("offices", "Section")
    OfficeRole = apps.get_model("accounts", "OfficeRole")
    for section in Section.objects.exclude(head=None):
        role, _ = OfficeRole.objects.get_or_create(
            user_id=section.head_id,
            office_id=section.office_id,
            role="section_head",
            defaults={"section_id": section.pk},
        )
        if role.section_id is None:
            role.section_id = section.pk
            role.save(update_fields=["section"])


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0002_office_number_prefix_unique"),
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(heads_become_roles, migrations.RunPython.noop),
        migrations.RemoveField(model_name="section", name="head"),
    ]
