import pytest
from django.core.management import CommandError, call_command

from konsultasi.walkins.models import Counter


def test_an_office_without_counters_gets_loket_1_to_n(office):
    call_command("create_counters", office.slug, "--count", "3")
    assert list(Counter.objects.filter(office=office).values_list("name", flat=True)) == [
        "Loket 1",
        "Loket 2",
        "Loket 3",
    ]


def test_an_office_with_counters_keeps_its_own(office):
    Counter.objects.create(office=office, name="Meja CSO")
    call_command("create_counters", office.slug)
    assert list(Counter.objects.values_list("name", flat=True)) == ["Meja CSO"]


def test_an_unknown_office_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("create_counters", "nowhere")
