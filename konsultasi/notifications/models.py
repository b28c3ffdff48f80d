"""The outbox: every notification is a row written in the same transaction as the change it
announces, so nothing is announced that did not happen and nothing that happened goes unsaid.
Delivery (e-mail, WhatsApp, webhooks) is a background task that reads this table
(`delivery.py`); in-app rows are delivered by being shown on the desk or the portal.

An in-app row without a recipient is one notice for all of the office's officers (a new
question waiting in the inbox): whoever holds the role when they look sees it, and each one's
reading of it is a `NoticeReading`. One row instead of one per officer keeps a question's
submission from writing more the more officers the office has."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The rows the courier still has to send. In-app rows stay pending for good (they are
# delivered by being shown) and sent rows are done; at a million consultations both run to
# millions, so the courier looks for due rows in a partial index of these alone (the values
# are OutboxMessage.State and .Channel's, which the class body below cannot name yet).
STILL_TO_SEND = Q(state__in=["pending", "sending"]) & ~Q(channel="in_app")


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("in the application")
        EMAIL = "email", _("e-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")
        WEBHOOK = "webhook", _("webhook")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        # Claimed by a worker until `claimed_until`; a worker that dies leaves the claim to
        # expire, and the row is tried again under the same delivery key.
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # Every retry failed, or no retry can help: an administrator looks at it.
        PARKED = "parked", _("parked for an administrator")

    # The outbox is the largest table but the event log, and every question adds rows to it:
    # it keeps only the indexes a reader needs (below), not one per foreign key. A
    # consultation's rows and a person's are found by the indexes that begin with them; none
    # is looked up by office alone (deleting an office, which never happens in use, reads the
    # table through).
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, db_index=False)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, db_index=False
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The same for every attempt at this row: the e-mail's Message-ID and the idempotency key
    # of the WhatsApp and webhook requests, so a send repeated after a crash is recognised
    # as the same message by whoever receives it.
    delivery_key = models.UUIDField(_("delivery key"), default=uuid.uuid4, unique=True)
    # The recipient's language for the message's template (id or en).
    language = models.CharField(_("language"), max_length=8, default="id")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # In-app notifications to one recipient only: when they marked it read. (The officers'
    # notices record each officer's reading apart: NoticeReading.)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing notification")
        verbose_name_plural = _("outgoing notifications")
        indexes = [
            # What an administrator looks at: the few rows parked after every try failed.
            models.Index(fields=["created_at"], condition=Q(state="parked"), name="outbox_parked"),
            models.Index(fields=["consultation", "created_at"], name="outbox_per_consultation"),
            # A person's own rows. Rows to no one (e-mail and WhatsApp to an address, the
            # officers' notices) are most of the table and are not in it: so the officers'
            # notices are looked up by their consultations, which SQLite would not do while
            # this index offered "recipient IS NULL" (it has no statistics to know better).
            models.Index(
                fields=["recipient", "channel", "read_at"],
                condition=Q(recipient__isnull=False),
                name="outbox_unread_per_user",
            ),
            models.Index(
                fields=["created_at", "id"], condition=STILL_TO_SEND, name="outbox_still_to_send"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient or self.address}"


class NoticeReading(models.Model):
    """One officer's reading of a notice to all of the office's officers (an in-app row with
    no recipient): the notice is read for them, and only for them."""

    notice = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read"))

    class Meta:
        verbose_name = _("reading of an officers' notice")
        verbose_name_plural = _("readings of officers' notices")
        constraints = [
            models.UniqueConstraint(fields=["notice", "reader"], name="notice_read_once_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} read by {self.reader_id}"


class WebhookSubscription(models.Model):
    """An office's integration asks to be told of consultation events at a URL.

    Deliveries go through the outbox (one WEBHOOK row per event and subscription, written in
    the transaction of the change) and are signed with the subscription's secret. A URL that
    resolves to an internal address is refused unless an administrator allowed it here."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("URL"), max_length=254)
    events = models.JSONField(
        _("events"),
        default=list,
        help_text=_('Event names such as "consultation.resolve", or ["*"] for every event.'),
    )
    secret = models.CharField(_("signing secret"), max_length=128)
    is_active = models.BooleanField(_("active"), default=True)
    allow_private = models.BooleanField(
        _("allow internal addresses"),
        default=False,
        help_text=_(
            "Only for a receiver inside the office network: lets this URL resolve to a "
            "private, loopback or link-local address."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return "*" in self.events or event in self.events


class WebhookDelivery(models.Model):
    """The log of one webhook message: which subscription and event, and how its last
    attempt went (status, error). The outbox row carries state and attempts."""

    message = models.OneToOneField(
        OutboxMessage, on_delete=models.CASCADE, related_name="webhook_delivery"
    )
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"
