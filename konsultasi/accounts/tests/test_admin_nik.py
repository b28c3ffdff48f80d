"""The admin never shows a stakeholder's NIK: masked in the list and on the change page, and
replaced or removed through a write-only field."""

import pytest
from django.urls import reverse

from konsultasi.accounts.admin import StakeholderProfileForm
from konsultasi.accounts.models import User
from konsultasi.conftest import make_stakeholder

NIK = "3171234567890123"


@pytest.fixture
def admin_client(client, db):
    superuser = User.objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(superuser)
    return client


@pytest.fixture
def profile(office):
    return make_stakeholder(office, "satker", nik=NIK)


def form_data(profile, **changes) -> dict:
    data = {
        "office": profile.office_id,
        "full_name": profile.full_name,
        "position": profile.position,
        "work_unit": profile.work_unit_id,
        "email": profile.email,
        "phone": profile.phone,
        "nip": "",
        "organisation": "",
        "user": profile.user_id or "",
    }
    return {**data, **changes}


def test_the_list_shows_the_nik_masked(admin_client, profile):
    page = admin_client.get(reverse("admin:accounts_stakeholderprofile_changelist"))
    html = page.content.decode()
    assert NIK not in html
    assert "0123" in html  # the last four digits, after the mask


def test_the_change_page_never_shows_the_nik(admin_client, profile):
    page = admin_client.get(
        reverse("admin:accounts_stakeholderprofile_change", args=[profile.pk])
    ).content.decode()
    assert NIK not in page
    assert 'name="new_nik"' in page


def test_an_empty_new_nik_keeps_the_one_on_record(profile):
    form = StakeholderProfileForm(form_data(profile), instance=profile)
    assert form.is_valid(), form.errors
    form.save()
    profile.refresh_from_db()
    assert profile.nik == NIK


def test_a_new_nik_replaces_the_one_on_record(profile):
    form = StakeholderProfileForm(form_data(profile, new_nik="1234567890123456"), instance=profile)
    assert form.is_valid(), form.errors
    form.save()
    profile.refresh_from_db()
    assert profile.nik == "1234567890123456"


def test_the_nik_can_be_removed(profile):
    form = StakeholderProfileForm(form_data(profile, clear_nik="on"), instance=profile)
    assert form.is_valid(), form.errors
    form.save()
    profile.refresh_from_db()
    assert profile.nik == ""


def test_a_malformed_nik_is_refused(profile):
    form = StakeholderProfileForm(form_data(profile, new_nik="12345"), instance=profile)
    assert not form.is_valid()
    assert "new_nik" in form.errors


def test_the_admin_saves_a_new_nik_through_the_page(admin_client, profile):
    url = reverse("admin:accounts_stakeholderprofile_change", args=[profile.pk])
    response = admin_client.post(url, form_data(profile, new_nik="1234567890123456"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.nik == "1234567890123456"
