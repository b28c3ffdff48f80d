from io import StringIO

import pytest
from django.core.management import call_command

from konsultasi.offices.models import (
    Channel,
    Office,
    Section,
    ServiceStandard,
    ServiceType,
    WorkingHours,
)


@pytest.mark.django_db
def test_loading_twice_creates_nothing_twice():
    call_command("load_reference_data", stdout=StringIO())
    counts = [m.objects.count() for m in (Office, Section, ServiceType, Channel, WorkingHours)]
    call_command("load_reference_data", stdout=StringIO())
    assert [m.objects.count() for m in (Office, Section, ServiceType, Channel, WorkingHours)] == (
        counts
    )


@pytest.mark.django_db
def test_the_admins_changes_survive_a_reload():
    call_command("load_reference_data", stdout=StringIO())
    ServiceType.objects.filter(code="sp2d").update(target_minutes=30)
    call_command("load_reference_data", stdout=StringIO())
    assert ServiceType.objects.get(code="sp2d").target_minutes == 30


def test_the_reference_office_is_pekanbaru_as_its_standard_publishes_it(office):
    assert (office.slug, office.address, office.phone, office.time_zone) == (
        "pekanbaru",
        "Jl. Sudirman Nomor 249, Pekanbaru 28116",
        "0761-22847",
        "Asia/Jakarta",
    )
    assert office.website.endswith("/kppn/pekanbaru")


def test_the_published_standard_keeps_time_cost_and_complaint_channels(office):
    standard = ServiceStandard.objects.get(office=office)
    assert standard.completion_time == "20 menit per satu jenis layanan"
    assert standard.cost == "Tidak dipungut biaya"
    assert "SP4N" in standard.complaint_channels
    assert "wise.kemenkeu.go.id" in standard.complaint_channels
    assert len(standard.procedure_walk_in.splitlines()) == 7
    assert len(standard.procedure_online.splitlines()) == 6


def test_office_hours_are_monday_to_friday_eight_to_four(office):
    hours = WorkingHours.objects.filter(office=office)
    assert sorted(hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert {(h.opens.hour, h.closes.hour) for h in hours} == {(8, 16)}


@pytest.mark.parametrize(
    ("service_type", "section"),
    [
        ("sp2d", "pencairan-dana"),
        ("gaji", "pencairan-dana"),
        ("retur", "bank"),
        ("kkp", "bank"),
        ("lpj", "verifikasi-akuntansi"),
        ("ikpa", "mski"),
        ("user-sakti-span", "umum"),
    ],
)
def test_service_types_route_to_the_default_section_of_a_type_a1_office(
    office, service_type, section
):
    assert ServiceType.objects.get(office=office, code=service_type).default_section.code == section


def test_every_service_type_has_the_twenty_minute_target(office):
    assert set(ServiceType.objects.values_list("target_minutes", flat=True)) == {20}


def test_the_channels_of_the_standard_are_all_there(office):
    kinds = set(Channel.objects.values_list("kind", flat=True))
    assert kinds == {"walk_in", "online", "email", "whatsapp", "phone", "api"}
    assert Channel.objects.filter(name__contains="HAI CSO").exists()
