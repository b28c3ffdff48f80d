"""A question asked online with its supporting documents: `submit_question` and the files
attached to the question, in one transaction — a refused file refuses the question, and a
double submit (the same client token) creates one consultation with one set of files."""

from django.db import transaction

from konsultasi.accounts.models import User
from konsultasi.consultations.attachments import attach_files
from konsultasi.consultations.intake import submit_question
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
) -> Consultation:
    """The stakeholder's own question, through the portal's channel (the default online one).

    Steps: submit the question (idempotent on the client token); attach the files to the
    question's message unless the consultation already has files (the first of two identical
    submissions attached them); files written to disk are removed if the transaction fails."""
    files = list(files)
    stored = []
    try:
        with transaction.atomic():
            consultation = submit_question(
                actor=actor,
                office=office,
                subject=subject,
                question=question,
                service_type=service_type,
                client_token=client_token,
            )
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
