"""The WhatsApp Cloud API webhook: the handshake, the signature, messages in."""

import hashlib
import hmac
import json

import pytest

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.consultations.models import Consultation, Message, Status
from konsultasi.inbound.models import InboundMessage, WhatsAppNumber

URL = "/api/whatsapp/webhook/"
SECRET = "rahasia-aplikasi"


@pytest.fixture(autouse=True)
def whatsapp_settings(settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "token-verifikasi"


@pytest.fixture
def number(office):
    return WhatsAppNumber.objects.create(office=office, phone_number_id="109876543210")


def notification(*, sender="6281234567890", text="Halo, SP2D kami belum terbit", mid="wamid.1"):
    message = {"from": sender, "id": mid, "timestamp": "1788220800", "type": "text"}
    message["text"] = {"body": text}
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA-1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "109876543210"},
                            "contacts": [{"wa_id": sender, "profile": {"name": "Ani"}}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }


def post(client, payload, *, secret=SECRET, signature=None):
    body = json.dumps(payload).encode()
    if signature is None:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )


def test_the_verification_handshake_echoes_the_challenge_for_our_token(client):
    answer = client.get(
        URL,
        {"hub.mode": "subscribe", "hub.verify_token": "token-verifikasi", "hub.challenge": "42"},
    )
    assert (answer.status_code, answer.content) == (200, b"42")


def test_the_verification_handshake_with_another_token_is_refused(client):
    answer = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "42"}
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=", "sha256=" + "0" * 64, "sha1=abc"],
    ids=["missing", "empty", "wrong", "other-algorithm"],
)
def test_a_bad_signature_is_refused_and_nothing_is_taken_in(
    client, number, office_hours, signature
):
    answer = post(client, notification(), signature=signature)
    assert answer.status_code == 403
    assert not InboundMessage.objects.exists() and not Consultation.objects.exists()


def test_a_body_signed_with_another_secret_is_refused(client, number, office_hours):
    assert post(client, notification(), secret="bukan-rahasia").status_code == 403
    assert not Consultation.objects.exists()


def test_a_text_message_from_a_known_number_becomes_a_consultation_of_that_stakeholder(
    client, number, office_hours, stakeholder
):
    assert post(client, notification()).status_code == 200
    consultation = Consultation.objects.get()
    assert consultation.stakeholder == stakeholder  # 081234567890 written the local way
    assert consultation.channel.kind == "whatsapp"
    assert consultation.question == "Halo, SP2D kami belum terbit"


def test_a_message_from_a_new_number_gets_a_profile_that_prefers_whatsapp(
    client, number, office_hours
):
    post(client, notification(sender="6289999000111"))
    profile = StakeholderProfile.objects.get()
    assert (profile.full_name, profile.phone, profile.preferred_channel) == (
        "Ani",
        "+6289999000111",
        "whatsapp",
    )


def test_a_message_while_a_consultation_is_open_is_a_reply_to_it(
    client, number, in_state, stakeholder
):
    consultation = in_state(Status.IN_PROGRESS)
    post(client, notification(text="Nomor SPM 00123"))
    assert Consultation.objects.count() == 1
    reply = consultation.messages.order_by("-pk").first()
    assert (reply.kind, reply.body) == (Message.Kind.REPLY, "Nomor SPM 00123")


def test_a_redelivered_message_is_taken_in_once(client, number, office_hours):
    post(client, notification())
    post(client, notification())
    assert Consultation.objects.count() == 1


def test_a_staff_number_cannot_post_as_staff(client, number, office_hours, officer):
    officer.phone = "081211112222"
    officer.save()
    post(client, notification(sender="6281211112222"))
    assert not Consultation.objects.exists()
    assert InboundMessage.objects.get().outcome == InboundMessage.Outcome.FLAGGED


def test_a_body_that_is_not_a_whatsapp_notification_is_refused(client, number):
    assert post(client, {"object": "page"}).status_code == 400


def test_a_message_for_an_unknown_office_number_is_not_taken_in(client, office_hours, office):
    assert post(client, notification()).status_code == 200
    assert not Consultation.objects.exists()
