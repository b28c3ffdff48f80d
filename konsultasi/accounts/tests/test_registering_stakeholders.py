"""Registering a stakeholder at the desk: who may, what is checked, and that the work unit is
found by its satker code or recorded once."""

import pytest

from konsultasi.accounts.models import StakeholderProfile, WorkUnit
from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.accounts.services import ProfileInvalid, register_stakeholder

pytestmark = pytest.mark.usefixtures("english")


def test_an_officer_registers_a_stakeholder_of_a_known_work_unit(office, officer, stakeholder):
    profile = register_stakeholder(
        actor=officer, office=office, full_name="  Budi   Santoso ", position="treasurer",
        work_unit_code="012345", phone="0812 3456 7890", email="budi@example.invalid",
    )  # fmt: skip
    assert (profile.office, profile.full_name, profile.position) == (
        office,
        "Budi Santoso",
        "treasurer",
    )
    assert profile.work_unit == stakeholder.work_unit
    assert WorkUnit.objects.count() == 1


def test_an_unknown_work_unit_is_recorded_with_its_name(office, officer):
    profile = register_stakeholder(
        actor=officer, office=office, full_name="Ani", work_unit_code="654321",
        work_unit_name="Satker Baru",
    )  # fmt: skip
    assert (profile.work_unit.code, profile.work_unit.name) == ("654321", "Satker Baru")
    assert profile.work_unit.office == office


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": "  "}, "full name"),
        ({"email": "not-an-address"}, "valid e-mail"),
        ({"phone": "call me"}, "phone number"),
        ({"nip": "12345"}, "18 digits"),
        ({"work_unit_code": "12345"}, "6 digits"),
        ({"work_unit_code": "999999"}, "write the work unit's name"),
        ({"position": "king"}, "position"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_saved(office, officer, fields, message):
    with pytest.raises(ProfileInvalid, match=message):
        register_stakeholder(actor=officer, office=office, **{"full_name": "Ani", **fields})
    assert not StakeholderProfile.objects.exists()
    assert not WorkUnit.objects.exists()


def test_a_nip_already_registered_at_the_office_is_refused(office, officer):
    nip = "198001012005012001"
    register_stakeholder(actor=officer, office=office, full_name="Siti", nip=nip)
    with pytest.raises(ProfileInvalid, match="already registered"):
        register_stakeholder(actor=officer, office=office, full_name="Siti R.", nip=nip)


@pytest.mark.parametrize("who", ["office_head", "stakeholder_user", "outsider", "admin_user"])
def test_only_desk_officers_of_the_office_may_register(request, office, who):
    with pytest.raises(PermissionDenied):
        register_stakeholder(actor=request.getfixturevalue(who), office=office, full_name="Ani")
    assert not StakeholderProfile.objects.filter(full_name="Ani").exists()
