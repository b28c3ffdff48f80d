"""The satisfaction survey (SKM) and the complaint register.

Survey: an invitation per resolved consultation (a single-use link that expires, its token kept
only as a hash) and the responses — from that link, from the kiosk at the desk, or typed in
from a paper questionnaire. One response per consultation, enforced by the database.

Complaints: the channels of the service standard (a table the admin edits), the register with
its response deadline in office time, and the log of every read of a whistleblowing report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from konsultasi.feedback.questionnaire import (
    ELEMENT_FIELDS,
    AgeBand,
    Education,
    Gender,
    Occupation,
)
from konsultasi.offices.models import Channel, Office, ServiceType


class SurveyInvitation(models.Model):
    consultation = models.OneToOneField(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    # sha256 of the link's token: a leaked database does not give working links.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"{self.consultation_id}"


class InvitationCursor(models.Model):
    """How far the invitation task has read the consultations' event log: one row."""

    last_event_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("survey invitation cursor")
        verbose_name_plural = _("survey invitation cursors")

    def __str__(self) -> str:
        return str(self.last_event_id)


def _score(position: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"U{position}")


class SurveyResponse(models.Model):
    class Source(models.TextChoices):
        LINK = "link", _("invitation link")
        KIOSK = "kiosk", _("kiosk at the desk")
        PAPER = "paper", _("paper questionnaire")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="survey_responses")
    consultation = models.OneToOneField(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # Copied from the consultation (or chosen on the kiosk/paper) so that the index can be
    # broken down without joining the consultations.
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), null=True, blank=True, on_delete=models.PROTECT
    )
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    e1 = _score(1)
    e2 = _score(2)
    e3 = _score(3)
    e4 = _score(4)
    e5 = _score(5)
    e6 = _score(6)
    e7 = _score(7)
    e8 = _score(8)
    e9 = _score(9)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=16, choices=Occupation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"))
    # The office's local date of the answer: periods are counted in office days.
    answered_on = models.DateField(_("answered on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["office", "answered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                name=f"survey_response_{name}_1_to_4",
            )
            for name in ELEMENT_FIELDS
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.answered_on}"

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in ELEMENT_FIELDS)


class ComplaintChannel(models.Model):
    """A way a complaint reaches the office, as the service standard lists them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("address"), blank=True)
    response_working_days = models.PositiveSmallIntegerField(
        _("answer due within (working days)"), default=5
    )
    is_whistleblowing = models.BooleanField(
        _("whistleblowing channel"),
        default=False,
        help_text=_("Its reports are seen only by the office head and the administrators."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("complaint channel")
        verbose_name_plural = _("complaint channels")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Complaint(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="complaints")
    channel = models.ForeignKey(
        ComplaintChannel, verbose_name=_("channel"), on_delete=models.PROTECT
    )
    # Copied from the channel when registered: editing a channel later never exposes a report.
    is_whistleblowing = models.BooleanField(_("whistleblowing report"), default=False)
    external_reference = models.CharField(
        _("external reference"),
        max_length=100,
        blank=True,
        help_text=_("The tracking number in the channel's own system, e.g. a LAPOR number."),
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complainant = models.ForeignKey(
        "accounts.StakeholderProfile",
        verbose_name=_("complainant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("complaint"))
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default="received"
    )
    version = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("answer due"), db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["office", "status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"ADU-{self.received_at:%Y}-{self.pk:05d}"


class ComplaintRead(models.Model):
    """One read of a whistleblowing report: who, when. Append-only by use."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()
    purpose = models.CharField(max_length=40, default="view")

    class Meta:
        verbose_name = _("whistleblowing report read")
        verbose_name_plural = _("whistleblowing report reads")
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.reader_id} {self.read_at}"
