"""Load an office's reference data idempotently: run it again and nothing is duplicated, and
values the admin has changed since are left as they are."""

from collections.abc import Callable

from django.db import transaction

from konsultasi.offices.calendar import calendar_changed
from konsultasi.offices.models import (
    Channel,
    Office,
    Region,
    Section,
    ServiceStandard,
    ServiceType,
    WorkingHours,
)
from konsultasi.offices.reference import pekanbaru
from konsultasi.offices.signals import reference_data_loaded

# Apps above this one add their own reference data without this app importing them, in two
# ways. Data of one office (the complaint channels) listens to `reference_data_loaded`, sent
# by `load_pekanbaru` inside its transaction — the tests' office fixture loads it too. Data of
# the whole installation (the library: hundreds of rows no test office needs) registers a
# loader here, run by the `load_reference_data` command only; it returns a line to report.
_EXTRA_LOADERS: list[Callable[[], str]] = []


def register_reference_loader(loader: Callable[[], str]) -> None:
    if loader not in _EXTRA_LOADERS:
        _EXTRA_LOADERS.append(loader)


def load_registered_reference_data() -> list[str]:
    """Run every registered loader, in registration order; return what each reported."""
    return [loader() for loader in _EXTRA_LOADERS]


@transaction.atomic
def load_pekanbaru() -> Office:
    data = pekanbaru
    region, _ = Region.objects.get_or_create(
        code=data.REGION["code"], defaults={"name": data.REGION["name"]}
    )
    office, _ = Office.objects.get_or_create(
        slug=data.OFFICE["slug"], defaults={**data.OFFICE, "region": region}
    )
    ServiceStandard.objects.get_or_create(office=office, defaults=data.STANDARD)
    if not WorkingHours.objects.filter(office=office).exists():
        WorkingHours.objects.bulk_create(
            WorkingHours(office=office, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in data.WORKING_HOURS
        )
        calendar_changed(office.pk)
    sections = {}
    for code, name in data.SECTIONS:
        sections[code], _ = Section.objects.get_or_create(
            office=office, code=code, defaults={"name": name}
        )
    for code, name, section_code, keywords in data.SERVICE_TYPES:
        ServiceType.objects.get_or_create(
            office=office,
            code=code,
            defaults={
                "name": name,
                "default_section": sections[section_code],
                "keywords": keywords,
            },
        )
    for code, name, kind in data.CHANNELS:
        Channel.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    reference_data_loaded.send(sender=Office, office=office)
    return office
