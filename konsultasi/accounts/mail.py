"""Mail to one person about their account, through Django's e-mail backend (the console in
development). Consultation news goes through the outbox instead (`notifications`)."""

from django.conf import settings
from django.core.mail import send_mail


def send_account_mail(*, to: str, subject: str, body: str) -> None:
    # One line: user text never reaches the subject, and CR/LF could not forge a header anyway.
    subject = " ".join(str(subject).splitlines())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
