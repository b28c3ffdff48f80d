"""The walk-in queue of an office: the counters where officers call visitors, the tickets the
kiosk hands out, and the per-office, per-day sequence that numbers them.

A ticket's status changes only through `services.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from konsultasi.consultations.models import Consultation
from konsultasi.offices.models import Office, ServiceType


class Counter(models.Model):
    """A service counter (loket) of an office. The office's admin keeps the list; an officer
    picks the counter they sit at when they open the counter page."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="counters")
    name = models.CharField(_("name"), max_length=40, help_text=_("As the display shows it."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["office", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="counter_name_per_office")
        ]

    def __str__(self) -> str:
        return self.name


class TicketSequence(models.Model):
    """The last queue number an office gave out on one service day (its local date)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE)
    service_day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "service_day"], name="ticket_sequence_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.service_day}: {self.last}"


class Ticket(models.Model):
    """One visitor's place in the queue: taken at the kiosk, called to a counter by one
    officer, then registered into a consultation (serving) or marked as not present."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        NO_SHOW = "no_show", _("not present")
        DONE = "done", _("done")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="queue_tickets")
    service_day = models.DateField(_("service day"))
    number = models.PositiveIntegerField(_("queue number"))
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    counter = models.ForeignKey(
        Counter, verbose_name=_("counter"), null=True, blank=True, on_delete=models.PROTECT
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    times_called = models.PositiveSmallIntegerField(_("times called"), default=0)
    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queue_ticket",
    )
    taken_at = models.DateTimeField(_("taken at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["-service_day", "number"]
        constraints = [
            # The last line of defence: a number is never given twice on one day.
            models.UniqueConstraint(
                fields=["office", "service_day", "number"], name="ticket_number_once_per_day"
            )
        ]
        indexes = [
            models.Index(
                fields=["office", "service_day", "status", "number"], name="ticket_queue_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.service_day})"

    @property
    def label(self) -> str:
        """The number as printed and shown on the display: three digits, e.g. 007."""
        return f"{self.number:03d}"
