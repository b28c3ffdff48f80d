import pytest
from django.db import transaction

from konsultasi.consultations import services
from konsultasi.notifications import delivery
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.rendering import STAFF_TEMPLATES, STAKEHOLDER_TEMPLATES, render
from konsultasi.notifications.reply_tokens import consultation_id_from
from konsultasi.notifications.services import queue_notification

ALL_KINDS = [
    *sorted(STAKEHOLDER_TEMPLATES | STAFF_TEMPLATES),
    "clock_service_officer",
    "clock_service_section_head",
    "something_new",
]


def row_for(consultation, *, kind: str, language: str, body: str = "Isi pesan") -> OutboxMessage:
    with transaction.atomic():
        (row,) = queue_notification(
            office=consultation.office,
            consultation=consultation,
            kind=kind,
            subject=f"[{consultation.number}] {consultation.subject}",
            body=body,
            addresses=[("email", "penerima@example.invalid")],
            language=language,
        )
    return row


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_event_has_its_text_and_html_in_indonesian_and_english(online_consultation, kind):
    indonesian = render(row_for(online_consultation, kind=kind, language="id"))
    english = render(row_for(online_consultation, kind=kind, language="en"))
    for rendered in (indonesian, english):
        assert online_consultation.number in rendered.text
        assert online_consultation.number in rendered.html
        assert "<html" in rendered.html and "<html" not in rendered.text
    assert "Yth. Bapak/Ibu" in indonesian.text and "Dear Sir or Madam" in english.text
    assert indonesian.text != english.text


def test_the_received_message_gives_the_number_in_the_recipients_language(online_consultation):
    rendered = render(row_for(online_consultation, kind="received", language="en"))
    assert f"Its number is {online_consultation.number}" in rendered.text


def test_markup_typed_by_a_user_is_inert_in_the_html_and_plain_in_the_text(online_consultation):
    typed = '<script>alert(1)</script><a href="http://evil.example">klik</a>'
    rendered = render(row_for(online_consultation, kind="progress", language="id", body=typed))
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert typed in rendered.text


def test_the_footer_carries_a_signed_reference_to_the_consultation(online_consultation):
    rendered = render(row_for(online_consultation, kind="resolved", language="id"))
    assert consultation_id_from(rendered.text) == online_consultation.pk
    forged = rendered.reference.replace(
        rendered.reference[-1], "0" if rendered.reference[-1] != "0" else "1"
    )
    assert consultation_id_from(forged) is None


def test_a_subject_typed_with_a_line_break_cannot_add_a_header(
    smtp, office_hours, office, stakeholder_user
):
    smtp.start()
    services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="Halo\r\nBcc: korban@example.invalid",
        question="Q",
    )
    delivery.deliver_due()
    (mail,) = smtp.mailbox.messages
    assert mail["Bcc"] is None
    assert "\n" not in mail["Subject"] and "korban@example.invalid" in mail["Subject"]


def test_an_address_with_an_extra_header_is_refused_not_sent(smtp, online_consultation):
    smtp.start()
    row = row_for(online_consultation, kind="progress", language="id")
    OutboxMessage.objects.filter(pk=row.pk).update(
        address="satker@example.invalid\nBcc: korban@example.invalid"
    )
    OutboxMessage.objects.exclude(pk=row.pk).delete()
    delivery.deliver_due()
    row.refresh_from_db()
    assert row.state == OutboxMessage.State.PARKED
    assert smtp.mailbox.messages == []


def test_the_mail_is_sent_in_text_and_html_with_the_reply_reference(smtp, online_consultation):
    smtp.start()
    delivery.deliver_due()
    (mail,) = smtp.mailbox.messages
    assert mail.get_body(("plain",)) is not None and mail.get_body(("html",)) is not None
    assert consultation_id_from(mail["X-Konsultasi-Ref"]) == online_consultation.pk
    assert mail["Auto-Submitted"] == "auto-generated"


def test_staff_hear_of_an_assignment_by_email_in_their_language(
    office_hours, online_consultation, officer, second_officer, section_head
):
    second_officer.email, second_officer.language = "kedua@example.invalid", "en"
    second_officer.save()
    services.reassign(actor=section_head, consultation=online_consultation, officer=second_officer)
    mail = OutboxMessage.objects.get(kind="assigned", channel="email")
    assert (mail.address, mail.language) == ("kedua@example.invalid", "en")


def test_a_whatsapp_message_goes_to_the_cloud_api_with_a_bearer_token_and_idempotency_key(
    whatsapp_api, office_hours, office, stakeholder, stakeholder_user
):
    stakeholder.preferred_channel = "whatsapp"
    stakeholder.save()
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    delivery.deliver_due()
    (request,) = whatsapp_api.requests
    row = OutboxMessage.objects.get(channel="whatsapp")
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Idempotency-Key"] == str(row.delivery_key)
    assert request["json"]["to"] == "6281234567890"
    assert request["json"]["type"] == "text"
    assert row.state == OutboxMessage.State.SENT


def test_a_whatsapp_gateway_error_is_retried_later(
    whatsapp_api, office_hours, office, stakeholder, stakeholder_user
):
    whatsapp_api.status = 503
    stakeholder.preferred_channel = "whatsapp"
    stakeholder.save()
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    delivery.deliver_due()
    row = OutboxMessage.objects.get(channel="whatsapp")
    assert row.state == OutboxMessage.State.PENDING and "503" in row.last_error


def test_a_consultation_reopened_at_the_desk_is_announced_to_the_stakeholder(
    in_state, officer, stakeholder
):
    c = in_state("resolved")
    services.reopen(actor=officer, consultation=c, reason="Stakeholder menelepon: belum jelas")
    told = OutboxMessage.objects.get(kind="reopened", channel="email")
    assert told.address == stakeholder.email


def test_a_consultation_reopened_by_the_stakeholder_is_not_announced_back_to_them(
    in_state, stakeholder_user
):
    c = in_state("resolved")
    services.reopen(actor=stakeholder_user, consultation=c, reason="Belum menjawab")
    assert not OutboxMessage.objects.filter(kind="reopened", channel="email").exists()
