"""Stakeholders' accounts: registration through a single-use, expiring link; the profile;
a new e-mail address after the current password; password reset. No answer tells whether an
address has an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from konsultasi.accounts.models import EmailLink, StakeholderProfile, User, WorkUnit
from konsultasi.portal.tests.conftest import last_link, signed_in

REGISTER = reverse("portal:register")
PASSWORD = "kunci-Rahasia-2026"


def profile_data(**extra) -> dict:
    return {
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Siti Aminah",
        "position": "treasurer",
        "work_unit_code": "012345",
        "work_unit_name": "Satker Uji",
        "phone": "0812 3456 7890",
        "nip": "198001012005012001",
        "nik": "1471010101800001",
        "preferred_channel": "email",
        **extra,
    }


def page_without(response, email: str) -> str:
    """The page, without what differs between any two requests (the address, the CSRF token)."""
    text = response.content.decode().replace(email, "X")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def start(client, email="siti@example.id"):
    return client.post(REGISTER, {"email": email})


def test_registration_sends_a_link_and_the_link_completes_the_account(client, office):
    start(client)
    link = last_link("/daftar/")
    assert client.get(link).status_code == 200
    response = client.post(link, profile_data())
    assert response["Location"] == reverse("portal:registered")
    user = User.objects.get(username="siti@example.id")
    assert user.check_password(PASSWORD)
    profile = user.stakeholder_profile
    assert (profile.office, profile.position, profile.work_unit.code) == (
        office,
        "treasurer",
        "012345",
    )
    assert profile.phone == "081234567890"
    assert "_auth_user_id" in client.session


def test_a_registration_link_works_once(client, office):
    start(client)
    link = last_link("/daftar/")
    client.post(link, profile_data())
    client.logout()
    again = client.post(link, profile_data(full_name="Orang Lain"))
    assert again.status_code == 410
    assert User.objects.filter(username="siti@example.id").count() == 1


def test_an_expired_registration_link_is_refused_with_a_clear_message(client, office, time_machine):
    start(client)
    link = last_link("/daftar/")
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    response = client.get(link)
    assert response.status_code == 410
    assert "kedaluwarsa" in response.content.decode()


def test_a_made_up_registration_link_is_not_found(client, office):
    assert client.get(reverse("portal:register_complete", args=["tebakan"])).status_code == 404


def test_registering_a_taken_address_answers_the_same_and_mails_the_owner(
    client, office, stakeholder_user
):
    stakeholder_user.email = "satker@example.id"
    stakeholder_user.save()
    taken = start(client, "SATKER@example.id")
    fresh = start(client, "baru@example.id")
    assert taken.status_code == fresh.status_code == 200
    assert page_without(taken, "SATKER@example.id") == page_without(fresh, "baru@example.id")
    owner_mail = next(m for m in mail.outbox if "SATKER@example.id" in m.to)
    assert "/daftar/" not in owner_mail.body
    assert EmailLink.objects.filter(purpose="register", used_at__isnull=True).count() == 1


def test_a_flood_of_requests_for_one_address_stops_mailing_it(client, office):
    for _ in range(8):
        start(client, "korban@example.id")
    assert len([m for m in mail.outbox if "korban@example.id" in m.to]) == 5


def test_the_password_is_chosen_by_whoever_opens_the_link(client, office):
    # Starting a registration sets nothing: an attacker who starts one with someone else's
    # address has no password to that account when its owner completes it.
    start(client)
    assert not User.objects.exists()


def test_a_bad_nip_and_nik_are_refused_field_by_field(client, office):
    start(client)
    link = last_link("/daftar/")
    response = client.post(link, profile_data(nip="123", nik="99"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_nip"' in page
    assert 'href="#id_nik"' in page
    assert not User.objects.exists()
    assert EmailLink.objects.get().used_at is None


def test_an_unknown_satker_code_needs_its_name(client, office):
    start(client)
    response = client.post(last_link("/daftar/"), profile_data(work_unit_name=""))
    assert response.status_code == 400
    assert 'href="#id_work_unit_name"' in response.content.decode()


def test_a_known_satker_code_is_looked_up(client, office):
    WorkUnit.objects.create(code="654321", name="Satker Terdaftar")
    start(client)
    client.post(last_link("/daftar/"), profile_data(work_unit_code="654321", work_unit_name=""))
    assert User.objects.get().stakeholder_profile.work_unit.name == "Satker Terdaftar"


def test_two_passwords_that_differ_are_refused(client, office):
    start(client)
    response = client.post(last_link("/daftar/"), profile_data(password2="lain-lagi-2026"))
    assert response.status_code == 400
    assert not User.objects.exists()


# --- profile ------------------------------------------------------------------------------


@pytest.fixture
def member(client, office):
    start(client)
    client.post(last_link("/daftar/"), profile_data())
    return User.objects.get()


def test_the_nik_is_always_shown_masked(client, member):
    page = client.get(reverse("portal:profile")).content.decode()
    assert "1471010101800001" not in page
    assert "0001" in page


def test_the_profile_is_updated_and_an_empty_nik_keeps_the_one_on_file(client, member):
    data = profile_data(full_name="Siti A.", nik="", phone="0812 9999 0000")
    response = client.post(reverse("portal:profile"), data)
    assert response.status_code == 302
    profile = StakeholderProfile.objects.get(user=member)
    assert (profile.full_name, profile.phone, profile.nik) == (
        "Siti A.",
        "081299990000",
        "1471010101800001",
    )


def test_an_e_mail_change_needs_the_current_password(client, member):
    response = client.post(
        reverse("portal:email_change"), {"new_email": "baru@example.id", "password": "salah"}
    )
    assert response.status_code == 400
    assert not EmailLink.objects.filter(purpose="change_email").exists()


def test_the_new_address_is_used_once_its_link_is_confirmed(client, member):
    client.post(
        reverse("portal:email_change"), {"new_email": "baru@example.id", "password": PASSWORD}
    )
    member.refresh_from_db()
    assert member.email == "siti@example.id"
    link = last_link("/profil/email/")
    client.post(link)
    member.refresh_from_db()
    assert (member.email, member.username) == ("baru@example.id", "baru@example.id")
    assert StakeholderProfile.objects.get(user=member).email == "baru@example.id"
    assert any("siti@example.id" in m.to for m in mail.outbox[-1:])


def test_moving_to_a_taken_address_answers_the_same_and_changes_nothing(client, member, officer):
    officer.email = "petugas@example.id"
    officer.save()
    response = client.post(
        reverse("portal:email_change"), {"new_email": "petugas@example.id", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "petugas@example.id" in response.content.decode()
    assert not EmailLink.objects.filter(purpose="change_email").exists()


# --- password reset -----------------------------------------------------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, member):
    known = client.post(reverse("portal:password_reset"), {"email": "siti@example.id"})
    unknown = client.post(reverse("portal:password_reset"), {"email": "siapa@example.id"})
    assert known["Location"] == unknown["Location"] == reverse("portal:password_reset_done")
    assert len([m for m in mail.outbox if "siti@example.id" in m.to]) >= 1
    assert not [m for m in mail.outbox if "siapa@example.id" in m.to]


def test_a_reset_link_sets_a_new_password_once(client, member):
    client.logout()
    client.post(reverse("portal:password_reset"), {"email": "siti@example.id"})
    link = last_link("/sandi/atur/")
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new = {"new_password1": "sandi-Baru-2026", "new_password2": "sandi-Baru-2026"}
    assert client.post(set_url, new)["Location"] == reverse("portal:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password("sandi-Baru-2026")
    again = client.get(link, follow=True)
    assert "error" in again.content.decode()


def test_guests_cannot_reset_a_password_they_never_had(client, office):
    guest = User.objects.create(username="tamu-abc", email="tamu@example.id")
    guest.set_unusable_password()
    guest.save()
    client.post(reverse("portal:password_reset"), {"email": "tamu@example.id"})
    assert not mail.outbox


def test_a_signed_in_stakeholder_signs_in_with_their_address_in_any_capitals(client, member):
    client.logout()
    response = client.post(reverse("login"), {"username": "Siti@Example.ID", "password": PASSWORD})
    assert response["Location"] == reverse("portal:my_consultations")


def test_staff_are_not_stakeholders_on_the_profile_page(client, officer):
    signed_in(client, officer)
    assert client.get(reverse("portal:profile")).status_code == 403


def test_the_satker_code_is_looked_up_as_it_is_typed(client, office):
    WorkUnit.objects.create(code="654321", name="Satker Terdaftar")
    found = client.get(reverse("portal:work_unit_lookup"), {"work_unit_code": "654321"})
    unknown = client.get(reverse("portal:work_unit_lookup"), {"work_unit_code": "111111"})
    assert "Satker Terdaftar" in found.content.decode()
    assert "Satker Terdaftar" not in unknown.content.decode()
