"""What reaches the office from outside without a person at the desk: e-mail fetched from the
office's IMAP mailbox, and WhatsApp messages posted to the webhook.

Every message received is kept (`InboundMessage`), whatever became of it: a consultation, a
reply, ignored as an automatic message, or flagged for a person to look at. Its Message-ID
(or WhatsApp message id) is unique per office, so a message fetched twice is taken in once."""

import os

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mailbox(models.Model):
    """The office's published e-mail address and the IMAP mailbox it is read from.

    The password is not stored: the admin names the environment variable that holds it, so
    the secret stays out of the database, its backups and the admin pages (the same rule as
    every other secret of the service)."""

    office = models.OneToOneField(
        "offices.Office", verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField(
        _("published address"),
        help_text=_("Replies are threaded by a signed plus-address of this one."),
    )
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    use_ssl = models.BooleanField(_("use SSL/TLS"), default=True)
    username = models.CharField(_("IMAP user name"), max_length=200)
    password_variable = models.CharField(
        _("environment variable holding the password"),
        max_length=100,
        help_text=_("e.g. KONSULTASI_IMAP_PASSWORD_PEKANBARU, set on the server."),
    )
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("office mailbox")
        verbose_name_plural = _("office mailboxes")

    def __str__(self) -> str:
        return self.address

    @property
    def password(self) -> str:
        return os.environ.get(self.password_variable, "")


class WhatsAppNumber(models.Model):
    """The office's WhatsApp Business number, as the Cloud API identifies it in the webhook."""

    office = models.OneToOneField(
        "offices.Office", verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    phone_number_id = models.CharField(_("phone number ID"), max_length=64, unique=True)
    display_number = models.CharField(_("number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("office WhatsApp number")
        verbose_name_plural = _("office WhatsApp numbers")

    def __str__(self) -> str:
        return self.display_number or self.phone_number_id


class InboundMessage(models.Model):
    class Source(models.TextChoices):
        EMAIL = "email", _("e-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Outcome(models.TextChoices):
        CONSULTATION = "consultation", _("new consultation")
        REPLY = "reply", _("reply to a consultation")
        AUTOMATIC = "automatic", _("automatic message (auto-reply, bounce): ignored")
        FLAGGED = "flagged", _("flagged for review")

    office = models.ForeignKey("offices.Office", verbose_name=_("office"), on_delete=models.CASCADE)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    message_id = models.CharField(_("message ID"), max_length=255)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    raw = models.BinaryField(_("message as received"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "source", "message_id"], name="inbound_message_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject or self.message_id}"
