"""Guests: a verified address before asking; then the consultation opens with a signed,
expiring, single-use link or with its number and access code — never with the number and
the e-mail address alone — and only that consultation."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from konsultasi.consultations.guest_access import MAX_FAILED_CODES
from konsultasi.consultations.models import Consultation, GuestLink, Message
from konsultasi.portal.tests.conftest import last_link, pdf

GUEST_START = reverse("portal:guest_start")
GUEST_ASK = reverse("portal:guest_ask")
TRACK = reverse("portal:track")


@pytest.fixture(autouse=True)
def _open(office_hours):
    return office_hours


def verify(client, email="tamu@example.id"):
    client.post(GUEST_START, {"email": email})
    link = last_link("/tamu/")
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == GUEST_ASK
    return link


def ask(client, **extra):
    data = {
        "full_name": "Budi Tamu",
        "phone": "",
        "subject": "Retur SP2D",
        "question": "Dana kami diretur bank, apa yang harus dilakukan?",
        "preferred_channel": "email",
        "client_token": "tamu-1",
        **extra,
    }
    return client.post(GUEST_ASK, data)


@pytest.fixture
def guest_case(client, office):
    """A guest's consultation; returns (consultation, access code) and clears the session."""
    verify(client)
    response = ask(client, documents=pdf())
    c = Consultation.objects.get()
    page = client.get(response["Location"]).content.decode()
    code = page.split('id="access-code">')[1].split("<")[0]
    client.cookies.clear()
    return c, code


def test_asking_as_a_guest_needs_a_verified_address_first(client, office):
    response = ask(client)
    assert response["Location"] == GUEST_START
    assert not Consultation.objects.exists()


def test_a_guests_verification_link_works_once(client, office):
    link = verify(client)
    again = client.post(link)
    assert again.status_code == 410


def test_a_guest_asks_and_the_receipt_shows_the_access_code_once(client, office):
    verify(client)
    response = ask(client, documents=pdf())
    c = Consultation.objects.get()
    assert response["Location"] == reverse("portal:guest_receipt", kwargs={"number": c.number})
    first = client.get(response["Location"]).content.decode()
    assert 'id="access-code"' in first
    second = client.get(response["Location"]).content.decode()
    assert 'id="access-code"' not in second
    assert c.attachments.count() == 1
    assert c.stakeholder.email == "tamu@example.id"
    assert not c.stakeholder.user.has_usable_password()


def test_the_guest_gets_the_number_a_link_and_the_code_by_e_mail(client, office):
    verify(client)
    ask(client)
    c = Consultation.objects.get()
    keys = [m for m in mail.outbox if c.number in m.subject][-1]
    assert keys.to == ["tamu@example.id"]
    assert "/lacak/tautan/" in keys.body


def test_a_double_submit_by_a_guest_creates_one_consultation(client, office):
    verify(client)
    ask(client)
    ask(client)
    assert Consultation.objects.count() == 1


def test_the_number_and_access_code_open_the_consultation(client, guest_case):
    c, code = guest_case
    response = client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": code})
    assert response["Location"] == reverse("portal:guest_consultation", kwargs={"number": c.number})
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_code_is_refused_like_an_unknown_number(client, guest_case):
    c, code = guest_case
    wrong = client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": "SALAH1234"})
    unknown = client.post(
        TRACK, {"form": "code", "kode-number": "PKU-2026-99999", "kode-code": code}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "portal_guest_grants" not in client.session


def test_after_a_few_wrong_codes_even_the_right_one_waits(client, guest_case, office_hours):
    c, code = guest_case
    for _ in range(MAX_FAILED_CODES):
        client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": "SALAH1234"})
    locked = client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": code})
    assert locked.status_code == 400
    office_hours.shift(timedelta(minutes=16))
    opened = client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": code})
    assert opened.status_code == 302


def test_the_number_and_e_mail_alone_open_nothing_and_only_mail_a_link(client, guest_case):
    c, _code = guest_case
    response = client.post(
        TRACK, {"form": "link", "tautan-number": c.number, "tautan-email": "tamu@example.id"}
    )
    assert response.status_code == 200
    assert "portal_guest_grants" not in client.session
    url = reverse("portal:guest_consultation", kwargs={"number": c.number})
    assert client.get(url).status_code == 404
    assert last_link("/lacak/tautan/")


def test_asking_for_a_link_with_a_wrong_address_answers_the_same(client, guest_case):
    c, _code = guest_case
    links = GuestLink.objects.count()
    sent = len(mail.outbox)
    response = client.post(
        TRACK, {"form": "link", "tautan-number": c.number, "tautan-email": "lain@example.id"}
    )
    assert response.status_code == 200
    assert (GuestLink.objects.count(), len(mail.outbox)) == (links, sent)


def test_a_guest_link_opens_its_consultation_once(client, guest_case):
    c, _code = guest_case
    link = last_link("/lacak/tautan/")
    assert client.get(link).status_code == 200  # a mail scanner's visit spends nothing
    response = client.post(link)
    assert response["Location"] == reverse("portal:guest_consultation", kwargs={"number": c.number})
    client.cookies.clear()
    reused = client.post(link)
    assert reused.status_code == 410
    assert "sudah digunakan" in reused.content.decode()


def test_an_expired_guest_link_is_refused_with_a_clear_message(client, guest_case, office_hours):
    link = last_link("/lacak/tautan/")
    office_hours.move_to(timezone.now() + timedelta(hours=73))
    response = client.post(link)
    assert response.status_code == 410
    assert "kedaluwarsa" in response.content.decode()


def test_a_tampered_guest_link_is_refused(client, guest_case, other_stakeholder, office):
    c, _code = guest_case
    other = Consultation.objects.create(
        office=office,
        number="PKU-2026-00777",
        stakeholder=other_stakeholder,
        channel=c.channel,
        subject="Lain",
        question="?",
        received_at=timezone.now(),
        service_started_at=timezone.now(),
    )
    forged = signing.dumps({"c": other.pk, "n": "tebakan"}, salt="bukan-salt-kita")
    assert client.post(reverse("portal:guest_link", args=[forged])).status_code == 410
    assert "portal_guest_grants" not in client.session


def test_a_guest_link_opens_only_its_own_consultation(client, guest_case, in_state):
    _c, _code = guest_case
    client.post(last_link("/lacak/tautan/"))
    someone_else = in_state("new")
    url = reverse("portal:guest_consultation", kwargs={"number": someone_else.number})
    assert client.get(url).status_code == 404


def test_a_guest_replies_and_uploads_through_their_door(client, guest_case, officer):
    c, code = guest_case
    client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": code})
    url = reverse("portal:guest_consultation_action", kwargs={"number": c.number, "slug": "balas"})
    c.refresh_from_db()
    assert client.post(url, {"version": c.version, "body": "Tambahan info"}).status_code == 302
    assert Message.objects.filter(consultation=c, body="Tambahan info").exists()


def test_a_guest_without_a_grant_cannot_post_to_a_consultation(client, guest_case):
    c, _code = guest_case
    url = reverse("portal:guest_consultation_action", kwargs={"number": c.number, "slug": "balas"})
    assert client.post(url, {"version": c.version, "body": "Masuk?"}).status_code == 404
    assert not Message.objects.filter(body="Masuk?").exists()


def test_a_guests_file_is_served_only_through_their_door(client, guest_case):
    c, code = guest_case
    attachment = c.attachments.get()
    url = reverse("portal:guest_attachment", kwargs={"number": c.number, "pk": attachment.pk})
    assert client.get(url).status_code == 404
    client.post(TRACK, {"form": "code", "kode-number": c.number, "kode-code": code})
    assert client.get(url).status_code == 200
