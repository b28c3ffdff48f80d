import pytest

from konsultasi.accounts.models import StakeholderProfile, WorkUnit
from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.accounts.selectors import find_stakeholders
from konsultasi.accounts.services import InvalidProfile, register_stakeholder


def register(actor, office, **fields):
    fields = {"full_name": "Siti Rahmawati", "phone": "0812-3456-7890", **fields}
    return register_stakeholder(actor=actor, office=office, **fields)


def test_an_officer_registers_a_visitor_who_is_found_again_by_phone(officer, office):
    profile = register(officer, office, position="treasurer")

    assert profile.phone == "081234567890"
    assert profile.user is None
    assert list(find_stakeholders(office=office, query="+62 812 3456 7890")) == [profile]


def test_a_known_work_unit_is_linked_by_its_code(officer, office):
    unit = WorkUnit.objects.create(code="001234", name="Satker Nol")
    assert register(officer, office, work_unit_code="001234").work_unit == unit


def test_a_new_work_unit_is_created_with_the_name_the_officer_writes(officer, office):
    profile = register(officer, office, work_unit_code="654321", work_unit_name="Satker Baru")
    assert (profile.work_unit.code, profile.work_unit.name) == ("654321", "Satker Baru")
    assert profile.work_unit.office == office


def test_a_new_work_unit_without_a_name_is_refused(officer, office):
    with pytest.raises(InvalidProfile) as refused:
        register(officer, office, work_unit_code="654321")
    assert "work_unit_name" in refused.value.field_errors
    assert not StakeholderProfile.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("work_unit_code", "12345"),
        ("nip", "1980"),
        ("nik", "12345678901234567"),
        ("email", "bukan-email"),
        ("full_name", " "),
        ("position", "raja"),
    ],
)
def test_a_malformed_field_is_refused_with_its_name(officer, office, field, value):
    with pytest.raises(InvalidProfile) as refused:
        register(officer, office, **{field: value})
    assert field in refused.value.field_errors
    assert not StakeholderProfile.objects.exists()
    assert not WorkUnit.objects.exists()


def test_a_way_to_reach_the_visitor_is_required(officer, office):
    with pytest.raises(InvalidProfile) as refused:
        register(officer, office, phone="", email="")
    assert "phone" in refused.value.field_errors


def test_a_nip_already_on_file_is_refused_with_the_holders_name(officer, office, english):
    register(officer, office, nip="198001012005012001")
    with pytest.raises(InvalidProfile, match="Siti Rahmawati"):
        register(officer, office, full_name="Orang Lain", nip="198001012005012001")


def test_the_nik_is_kept_and_shown_masked(officer, office):
    profile = register(officer, office, nik="1471010101010001")
    assert profile.masked_nik.endswith("0001")
    assert "147101" not in profile.masked_nik


@pytest.mark.parametrize("who", ["stakeholder_user", "office_head", "outsider"])
def test_only_staff_who_take_questions_here_register_stakeholders(office, who, request):
    with pytest.raises(PermissionDenied):
        register(request.getfixturevalue(who), office)
    assert StakeholderProfile.objects.count() == (1 if who == "stakeholder_user" else 0)
