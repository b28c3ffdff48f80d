import pytest

from konsultasi.accounts.models import WorkUnit
from konsultasi.accounts.selectors import find_stakeholders, normalise_phone
from konsultasi.conftest import make_stakeholder


@pytest.fixture
def bendahara(office):
    unit = WorkUnit.objects.create(code="001234", name="Satker Nol")
    return make_stakeholder(
        office,
        None,
        full_name="Siti Rahmawati",
        work_unit=unit,
        nip="198001012005012001",
        phone="081234567890",
        email="siti@example.invalid",
    )


@pytest.mark.parametrize(
    "query",
    [
        "001234",
        "198001012005012001",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "rahmawati",
        "SITI@example.invalid",
    ],
    ids=["satker-code-with-leading-zeros", "nip", "phone", "phone-international", "name", "email"],
)
def test_a_stakeholder_is_found_again_by(office, bendahara, query):
    assert list(find_stakeholders(office=office, query=query)) == [bendahara]


def test_another_offices_stakeholders_are_never_found(other_office, bendahara):
    assert list(find_stakeholders(office=other_office, query="Siti")) == []


def test_an_empty_query_finds_nobody(office, bendahara):
    assert list(find_stakeholders(office=office, query="  ")) == []


def test_a_masked_nik_shows_only_the_last_four_digits(office):
    profile = make_stakeholder(office, None, nik="1471010101800001")
    assert profile.masked_nik == "••••••••••••0001"


def test_phone_numbers_are_compared_the_indonesian_way():
    assert normalise_phone("+62 812-3456-7890") == "081234567890"
