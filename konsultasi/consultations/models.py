"""A consultation and everything that hangs off it: messages, attachments, document requests,
escalations, the append-only event log, clock alerts and the per-office number sequence.

Status is changed only by the services in `services.py`; see `transitions.py` for the table."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.offices.models import Channel, Office, Section, ServiceType


class Status(models.TextChoices):
    # Labels read like the national helpdesk's, familiar to officers.
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_STAKEHOLDER = "waiting_stakeholder", _("Waiting for the stakeholder's response")
    FOLLOW_UP = "follow_up", _("Follow-up (within 3 working days)")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Each status's label by value, for what names many statuses or names one often (the inbox's
# rows, every API answer): `get_status_display()` builds the choices' dict on every call.
STATUS_LABELS = dict(Status.choices)


OPEN_STATUSES = (
    Status.NEW,
    Status.IN_PROGRESS,
    Status.WAITING_STAKEHOLDER,
    Status.FOLLOW_UP,
    Status.ESCALATED,
)


class NumberSequence(models.Model):
    """The last consultation number issued by an office in a year."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="number_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class Consultation(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="consultations")
    number = models.CharField(_("number"), max_length=30, unique=True)
    stakeholder = models.ForeignKey(
        StakeholderProfile,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT)
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), null=True, blank=True, on_delete=models.PROTECT
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.PROTECT
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_consultations",
    )
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # The state to return to after waiting on the stakeholder or on an escalation.
    resume_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    # Null, not blank, when absent: the unique constraint must ignore consultations without one.
    client_token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    version = models.PositiveIntegerField(default=1)
    # The consultation's reference in the system it was imported from (an office's log, a
    # HAI CSO export): importing again finds it instead of doubling it. Null when absent.
    external_reference = models.CharField(  # noqa: DJ001
        _("external reference"), max_length=100, null=True, blank=True
    )
    resolution = models.TextField(_("answer"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    received_at = models.DateTimeField(_("received"))
    service_started_at = models.DateTimeField(_("service started"))
    service_ended_at = models.DateTimeField(_("service ended"), null=True, blank=True)
    service_paused = models.DurationField(default=timedelta(0), editable=False)
    service_office_seconds = models.PositiveIntegerField(
        _("handling time (office seconds)"), null=True, blank=True
    )
    deferred_at = models.DateTimeField(null=True, blank=True)
    follow_up_paused = models.DurationField(default=timedelta(0), editable=False)
    waiting_since = models.DateTimeField(null=True, blank=True)
    # The progress cadence counts from here: the last time the stakeholder heard from us (a
    # progress update, a document request, the hand-over to HAI DJPb) or handed the ball back.
    progress_counted_from = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    # Deadlines, recomputed by every transition that affects them, indexed so that "what is
    # due or overdue" is one indexed query. Null means that clock is not running.
    service_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    follow_up_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    progress_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    escalation_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    auto_close_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Derived, kept by the same recomputation: the earliest running deadline (what the desk
    # sorts by) and when the background sweep must next look at this consultation (the
    # earliest alert step of a running clock not yet recorded; see `alerting.py`).
    nearest_due_at = models.DateTimeField(null=True, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "client_token"],
                condition=models.Q(client_token__isnull=False),
                name="consultation_client_token_once",
            ),
            models.UniqueConstraint(
                fields=["office", "external_reference"],
                condition=models.Q(external_reference__isnull=False),
                name="consultation_external_reference_once",
            ),
        ]
        # The desk's lists: mine, my section, the office's, sorted by the nearest deadline;
        # follow-ups missing today's progress update.
        indexes = [
            models.Index(fields=["office", "status", "service_due_at"]),
            # The office's inbox, sorted by the nearest deadline: with the columns the saved
            # views and the access check read, its lists and counts come from this index alone
            # instead of a row read per open consultation (bench/RESULTS.md). SQLite's index
            # carries the row's id; PostgreSQL's needs it included, and the progress columns
            # "follow-up without today's progress" reads (SQLite ignores INCLUDE: models.W040).
            models.Index(
                fields=["office", "status", "nearest_due_at", "assignee", "section", "stakeholder"],
                include=["id", "progress_due_at", "progress_counted_from", "deferred_at"],
                name="inbox_of_office",
            ),
            models.Index(fields=["assignee", "status", "nearest_due_at"]),
            models.Index(fields=["section", "status", "nearest_due_at"]),
            models.Index(fields=["office", "status", "progress_due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Message(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        REPLY = "reply", _("reply")
        NOTE = "note", _("internal note")
        DOCUMENT_REQUEST = "document_request", _("document request")
        DOCUMENTS = "documents", _("documents provided")
        PROGRESS = "progress", _("progress update")
        ANSWER = "answer", _("answer")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DocumentRequest(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="document_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    description = models.TextField(_("documents needed"))
    requested_at = models.DateTimeField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return self.description[:60]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Server-generated name: the user's filename is only ever displayed.
    return f"attachments/{instance.consultation.office_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # None: it came attached to the stakeholder's e-mail, with no account behind it.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class EscalationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_at__isnull=True, withdrawn_at__isnull=True)


class Escalation(models.Model):
    class Target(models.TextChoices):
        SECTION_HEAD = "section_head", _("section head")
        HAI_DJPB = "hai_djpb", _("national helpdesk HAI DJPb")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="escalations"
    )
    target = models.CharField(_("escalated to"), max_length=20, choices=Target.choices)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    external_reference = models.CharField(_("HAI DJPb ticket"), max_length=100, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Set when the consultation was resolved or cancelled before the escalation was answered.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.get_target_display()} — {self.consultation_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.withdrawn_at is None


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only.")

    def delete(self):
        raise TypeError("The event log is append-only.")


class Event(models.Model):
    """One immutable line of a consultation's history: who did what, when, from and to which
    status, and why. Database triggers refuse updates and deletes too (migrations 0002, 0004)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    objects = AppendOnlyQuerySet.as_manager()
    # Its save() only refuses a row that has a key, to keep a written line from being changed:
    # kept_inserts.insert_new writes new ones (a key reserved for a new one is no change).
    NEW_ROWS_NEED_NO_SAVE = True

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The event log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The event log is append-only.")


class Alert(models.Model):
    """A clock that approached or passed its deadline, recorded once per clock, step and
    deadline so that the sweep can run as often as it likes."""

    class Clock(models.TextChoices):
        SERVICE = "service", _("service time")
        FOLLOW_UP = "follow_up", _("follow-up")
        PROGRESS = "progress", _("progress update")
        ESCALATION = "escalation", _("escalation answer")

    class Step(models.TextChoices):
        OFFICER = "officer", _("approaching: officer")
        SECTION_HEAD = "section_head", _("breached: section head")
        OFFICE_HEAD = "office_head", _("long breached: office head")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="alerts")
    clock = models.CharField(max_length=20, choices=Clock.choices)
    step = models.CharField(max_length=20, choices=Step.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("clock alert")
        verbose_name_plural = _("clock alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "clock", "step", "due_at"], name="alert_once_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_clock_display()} / {self.get_step_display()}"


class GuestPass(models.Model):
    """How a guest (a visitor without an account) follows their consultation: an access code,
    given once on the receipt and by e-mail, kept only as a password hash; and signed links
    sent by e-mail, each usable once (`GuestLink`). The number alone, or the number and the
    e-mail address, open nothing (`guest_access.py`)."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="guest_pass"
    )
    code_hash = models.CharField(max_length=200)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guest access")
        verbose_name_plural = _("guest access")

    def __str__(self) -> str:
        return str(self.consultation_id)


class GuestLink(models.Model):
    """One signed link to a guest's consultation: it opens that consultation once, before it
    expires. Only the digest of its nonce is kept."""

    guest_pass = models.ForeignKey(GuestPass, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guest link")
        verbose_name_plural = _("guest links")

    def __str__(self) -> str:
        return str(self.guest_pass_id)
