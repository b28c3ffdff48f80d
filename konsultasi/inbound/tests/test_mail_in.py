"""E-mail in, through a real IMAP server (dovecot on loopback): quality item 27."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Message, Status
from konsultasi.consultations.tests.sample_files import EXE, PDF
from konsultasi.inbound.imap import poll_mailbox
from konsultasi.inbound.models import InboundMessage
from konsultasi.notifications.mail import build_email
from konsultasi.notifications.models import OutboxMessage

Outcome = InboundMessage.Outcome


def mail(
    *,
    sender="satker@example.invalid",
    to="konsultasi@kppn-pekanbaru.example",
    subject="Revisi DIPA",
    text="Bagaimana cara mengajukan revisi DIPA?",
    message_id=None,
    **headers,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.invalid")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


@pytest.fixture
def polled(mailbox):
    def deliver_and_poll(*messages) -> None:
        for message in messages:
            mailbox.deliver(message if isinstance(message, bytes) else message.as_bytes())
        poll_mailbox(mailbox)

    return deliver_and_poll


def test_a_message_with_an_attachment_becomes_a_consultation_of_the_known_stakeholder(
    office_hours, polled, mailbox, stakeholder
):
    message = mail(sender="Bendahara Satker <SATKER@example.invalid>")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="dipa.pdf")
    polled(message)

    consultation = Consultation.objects.get()
    assert consultation.stakeholder == stakeholder
    assert consultation.channel.kind == "email" and consultation.status == Status.NEW
    assert consultation.subject == "Revisi DIPA"
    assert "revisi DIPA" in consultation.question
    (attachment,) = consultation.attachments.all()
    assert (attachment.original_name, attachment.content_type) == ("dipa.pdf", "application/pdf")
    assert InboundMessage.objects.get().outcome == Outcome.CONSULTATION
    assert mailbox.unseen() == []


def test_a_stranger_gets_a_new_stakeholder_profile_on_the_email_channel(
    office_hours, polled, office
):
    polled(mail(sender="Budi Santoso <budi@pemda.example>"))
    consultation = Consultation.objects.get()
    profile = consultation.stakeholder
    assert (profile.full_name, profile.email, profile.office) == (
        "Budi Santoso",
        "budi@pemda.example",
        office,
    )
    assert profile.preferred_channel == "email"


def test_the_stakeholder_is_told_the_number_by_email(office_hours, polled, stakeholder):
    polled(mail())
    consultation = Consultation.objects.get()
    told = OutboxMessage.objects.get(kind="received", channel="email")
    assert told.address == stakeholder.email and told.consultation == consultation


def test_a_reply_to_our_mail_is_threaded_to_its_consultation_by_the_signed_reference(
    office_hours, polled, mailbox, in_state, stakeholder
):
    consultation = in_state(Status.IN_PROGRESS)
    services.reply(actor=consultation.assignee, consultation=consultation, body="Mohon info NPWP")
    ours = build_email(OutboxMessage.objects.filter(kind="officer_reply", channel="email").get())
    (reply_to,) = ours.reply_to
    assert reply_to.startswith("konsultasi+c") and reply_to.endswith("@kppn-pekanbaru.example")

    polled(mail(to=reply_to, subject="Re: " + ours.subject, text="NPWP kami 01.234\n\n> kutipan"))

    assert Consultation.objects.count() == 1
    answer = consultation.messages.order_by("-pk").first()
    assert (answer.kind, answer.body) == (Message.Kind.REPLY, "NPWP kami 01.234")
    assert answer.author == stakeholder.user
    assert InboundMessage.objects.get().outcome == Outcome.REPLY


def test_a_reply_with_documents_answers_the_document_request(
    office_hours, polled, in_state, stakeholder
):
    consultation = in_state(Status.WAITING_STAKEHOLDER)
    ours = build_email(
        OutboxMessage.objects.filter(kind="documents_requested", channel="email").get()
    )
    reply = mail(to=ours.reply_to[0], subject="Re: dokumen", text="Terlampir.")
    reply.add_attachment(PDF, maintype="application", subtype="pdf", filename="spm.pdf")
    polled(reply)

    consultation.refresh_from_db()
    assert consultation.status == Status.IN_PROGRESS
    assert consultation.attachments.get().original_name == "spm.pdf"


def test_a_subject_naming_a_consultation_does_not_thread_without_the_signed_reference(
    office_hours, polled, in_state
):
    consultation = in_state(Status.IN_PROGRESS)
    forged = f"konsultasi+c{consultation.pk}.{'0' * 24}@kppn-pekanbaru.example"
    polled(mail(to=forged, subject=f"Re: [{consultation.number}] {consultation.subject}"))
    assert Consultation.objects.count() == 2
    assert not consultation.messages.filter(kind=Message.Kind.REPLY).exists()


def test_a_message_fetched_twice_is_taken_in_once(office_hours, polled, mailbox):
    message = mail(message_id="<sama@example.invalid>")
    polled(message, message)
    assert Consultation.objects.count() == 1
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"X_Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
    ],
    ids=["auto-submitted", "x-autoreply", "precedence-bulk", "precedence-junk"],
)
def test_an_automatic_reply_does_not_become_a_consultation(office_hours, polled, headers):
    polled(mail(subject="Out of office", **headers))
    assert not Consultation.objects.exists()
    assert InboundMessage.objects.get().outcome == Outcome.AUTOMATIC


def test_a_bounce_does_not_become_a_consultation(office_hours, polled):
    bounce = EmailMessage()
    bounce["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.invalid>"
    bounce["To"] = "konsultasi@kppn-pekanbaru.example"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce["Message-ID"] = make_msgid(domain="mx.example.invalid")
    bounce.set_content("The mail system could not deliver your message.")
    bounce.add_attachment(
        "Reporting-MTA: dns; mx.example.invalid\n\nFinal-Recipient: rfc822; x@example.invalid\n"
        "Action: failed\nStatus: 5.1.1\n",
        subtype="delivery-status",
    )
    bounce.replace_header(
        "Content-Type", bounce["Content-Type"].replace("multipart/mixed", "multipart/report")
    )
    polled(bounce)
    assert not Consultation.objects.exists()
    assert InboundMessage.objects.get().outcome == Outcome.AUTOMATIC


def test_a_message_that_cannot_be_parsed_is_kept_and_flagged(office_hours, polled, mailbox):
    garbage = b"Subject: =?utf-8?q?tanpa pengirim?=\r\nFrom: <<<>>>\r\n\r\n\xff\xfe isi rusak\r\n"
    polled(garbage)
    kept = InboundMessage.objects.get()
    assert kept.outcome == Outcome.FLAGGED and kept.note
    assert bytes(kept.raw) == mailbox_stored(garbage, bytes(kept.raw))
    assert not Consultation.objects.exists()
    assert mailbox.unseen() == []  # read, and kept here: nothing is left behind or lost


def mailbox_stored(sent: bytes, kept: bytes) -> bytes:
    """The IMAP server may normalise line endings; the content is the same."""
    assert kept.replace(b"\r\n", b"\n") == sent.replace(b"\r\n", b"\n")
    return kept


def test_mail_claiming_a_staff_sender_cannot_post_as_staff(office_hours, polled, in_state, officer):
    officer.email = "petugas@kppn-pekanbaru.example"
    officer.save()
    consultation = in_state(Status.IN_PROGRESS)
    ours = build_email(OutboxMessage.objects.filter(kind="received", channel="email").get())
    before = consultation.messages.count()

    polled(
        mail(sender="PETUGAS@kppn-pekanbaru.example", to=ours.reply_to[0], text="Sudah selesai"),
        mail(sender="petugas@kppn-pekanbaru.example", subject="Pertanyaan baru"),
    )

    assert consultation.messages.count() == before
    assert Consultation.objects.count() == 1
    assert set(InboundMessage.objects.values_list("outcome", flat=True)) == {Outcome.FLAGGED}
    assert not Message.objects.filter(author=officer, body="Sudah selesai").exists()


def test_a_reply_from_another_address_is_kept_for_review(office_hours, polled, in_state):
    consultation = in_state(Status.IN_PROGRESS)
    ours = build_email(OutboxMessage.objects.filter(kind="received", channel="email").get())
    polled(mail(sender="lain@example.invalid", to=ours.reply_to[0]))
    kept = InboundMessage.objects.get()
    assert (kept.outcome, kept.consultation) == (Outcome.FLAGGED, consultation)
    assert not consultation.messages.filter(kind=Message.Kind.REPLY).exists()


def test_a_refused_attachment_is_noted_and_the_question_still_taken_in(office_hours, polled):
    message = mail()
    message.add_attachment(EXE, maintype="application", subtype="pdf", filename="surat.pdf")
    polled(message)
    consultation = Consultation.objects.get()
    assert not consultation.attachments.exists()
    kept = InboundMessage.objects.get()
    assert kept.outcome == Outcome.CONSULTATION and "surat.pdf" in kept.note


def test_an_unreachable_mailbox_is_noted_and_nothing_is_lost(office_hours, mailbox):
    mailbox.port = 1  # nothing listens there
    poll_mailbox(mailbox)
    mailbox.refresh_from_db()
    assert mailbox.last_error and mailbox.last_polled_at is None


def test_a_message_whose_processing_fails_unexpectedly_is_kept_flagged(
    office_hours, polled, mailbox, monkeypatch
):
    def broken(**fields):
        raise RuntimeError("disk full")

    monkeypatch.setattr("konsultasi.inbound.mail.services.take_in_from_outside", broken)
    polled(mail())
    kept = InboundMessage.objects.get()
    assert kept.outcome == Outcome.FLAGGED and "disk full" in kept.note
    assert not Consultation.objects.exists()
    assert mailbox.unseen() == []
