"""A question asked online with its supporting documents: the question (`prepare_question`,
then `take_in`) and the files attached to it, in one transaction — a refused file refuses
the question, and a double submit (the same client token) creates one consultation with one
set of files."""

from django.db import transaction

from konsultasi.accounts.models import User
from konsultasi.accounts.profile import check_preferred_channel, set_preferred_channel
from konsultasi.consultations.attachments import attach_files
from konsultasi.consultations.intake import prepare_question, take_in
from konsultasi.consultations.models import Consultation, Message
from konsultasi.offices.models import Office, ServiceType


def ask_online(
    *,
    actor: User,
    office: Office,
    subject: str,
    question: str,
    service_type: ServiceType | None = None,
    files=(),
    client_token: str | None = None,
    preferred_channel: str | None = None,
) -> Consultation:
    """The stakeholder's own question, through the portal's channel (the default online one).

    Steps: check how they want to hear of news (`preferred_channel`, kept on their profile)
    and the question, reading all that is needed, before the write transaction; then in it
    save the preference, take the question in (idempotent on the client token) and attach the
    files to the question's message unless the consultation already has files (the first of
    two identical submissions attached them); files written to disk are removed if the
    transaction fails. The preference is saved first: the receipt goes where it says. With
    no files and the preference unchanged, the question's own transaction is the only one."""
    profile = actor.stakeholder_profile
    if preferred_channel is not None:
        check_preferred_channel(profile, preferred_channel)
    intake = prepare_question(
        actor=actor,
        office=office,
        subject=subject,
        question=question,
        service_type=service_type,
        client_token=client_token,
        # A double submit meets the unique key, and `take_in` returns the first: no look-up
        # for the rest, every other question.
        look_up_token=False,
    )
    files = list(files)
    if not files and preferred_channel in (None, profile.preferred_channel):
        # Nothing to write beside the question: it is taken in its own transaction, which
        # needs no savepoint to recover from a double submit.
        return take_in(intake)
    stored = []
    try:
        with transaction.atomic():
            if preferred_channel is not None:
                set_preferred_channel(profile, preferred_channel)
            consultation = take_in(intake)
            if files and not consultation.attachments.exists():
                message = (
                    Message.objects.filter(consultation=consultation, kind=Message.Kind.QUESTION)
                    .order_by("pk")
                    .first()
                )
                stored = attach_files(consultation, message=message, files=files, uploaded_by=actor)
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return consultation
