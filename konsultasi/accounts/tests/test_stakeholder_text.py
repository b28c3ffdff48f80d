"""A stakeholder's profile comes from what a visitor says, a form or an API: its one-line
fields never keep control characters or direction overrides, and characters a database
cannot store are refused with a message instead of crashing the save or a search."""

import pytest
from django.core.exceptions import ValidationError

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.accounts.selectors import find_stakeholders
from konsultasi.conftest import make_stakeholder
from konsultasi.errors import InvalidInput

pytestmark = pytest.mark.usefixtures("english")


def test_controls_and_direction_overrides_are_stripped_from_a_saved_profile(office):
    profile = make_stakeholder(
        office,
        None,
        full_name="\u202eBudi\r\nSantoso\x1b",
        organisation="Bank\tRiau\u2066 Kepri",
        phone=" 0812\u200f3456\u200f7890 ",
    )
    stored = StakeholderProfile.objects.get(pk=profile.pk)
    assert (stored.full_name, stored.organisation, stored.phone) == (
        "Budi Santoso",
        "Bank Riau Kepri",
        "081234567890",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "Budi\x00"), ("organisation", "Bank \ud800"), ("phone", "0812\x00")],
)
def test_a_character_that_cannot_be_stored_is_refused_on_save(office, field, value):
    with pytest.raises(InvalidInput, match="cannot be stored"):
        make_stakeholder(office, None, **{field: value})
    assert not StakeholderProfile.objects.exists()


def test_a_form_hears_the_refusal_on_the_field_concerned(office):
    profile = StakeholderProfile(office=office, full_name="Budi \ud800 Santoso")
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "full_name" in refused.value.message_dict


def test_a_form_cleans_the_fields_it_accepts(office):
    profile = StakeholderProfile(office=office, full_name="Budi\u202e  Santoso")
    profile.full_clean()
    assert profile.full_name == "Budi Santoso"


@pytest.mark.parametrize("query", ["Budi\x00", "Budi\ud800", "\u202eBudi", "Budi\r\n"])
def test_a_search_with_characters_that_cannot_be_stored_still_finds(office, query):
    budi = make_stakeholder(office, None, full_name="Budi Santoso")
    assert list(find_stakeholders(office=office, query=query)) == [budi]
