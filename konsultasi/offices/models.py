"""Offices and the master data an office's admin edits: sections, service types, channels,
working hours, calendar overrides and the published service standard."""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A clock longer than a working year would run past the three years of holidays the office
# calendar knows ahead (offices/calendar.py).
MAX_WORKING_DAYS_SETTING = 250

office_code_validator = RegexValidator(r"^\d{3}$", _("A KPPN code is exactly 3 digits."))


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


class Region(models.Model):
    """A regional office (Kanwil DJPb) above several KPPN."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    code = models.CharField(
        _("KPPN code"), max_length=3, blank=True, validators=[office_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    office_type = models.CharField(_("office type"), max_length=10, default="A1")
    region = models.ForeignKey(
        Region, verbose_name=_("regional office"), null=True, blank=True, on_delete=models.PROTECT
    )
    number_prefix = models.CharField(
        _("consultation number prefix"),
        max_length=10,
        unique=True,
        help_text=_("Consultation numbers read PREFIX-YEAR-SEQUENCE, e.g. PKU-2026-00042."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Jakarta", validators=[validate_time_zone]
    )
    follow_up_working_days = models.PositiveSmallIntegerField(
        _("follow-up due after (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS_SETTING)],
    )
    progress_every_working_days = models.PositiveSmallIntegerField(
        _("progress update at least every (working days)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS_SETTING)],
    )
    escalation_answer_working_days = models.PositiveSmallIntegerField(
        _("section head answers within (working days)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS_SETTING)],
    )
    quiet_period_working_days = models.PositiveSmallIntegerField(
        _("resolved consultations close after (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS_SETTING)],
        help_text=_("The stakeholder may reopen a resolved consultation until then."),
    )
    max_backdate_days = models.PositiveSmallIntegerField(
        _("logged contacts may be received at most (days ago)"),
        default=30,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "How far back an officer may date a question received by e-mail, WhatsApp or "
            "phone. Older contacts are refused: they would be numbered in an old year."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Replaced by a fresh value in the same transaction as every change to the office's
    # working hours or calendar overrides (offices/calendar.py `calendar_changed`), so each
    # process may keep the calendar it built under (office, stamp) and rebuild on a new stamp.
    calendar_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ServiceStandard(models.Model):
    """The office's published service standard (Standar Pelayanan), kept as data the admin edits.

    Each list-like part holds one item per line."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="standard")
    service_name = models.CharField(_("service name"), max_length=200)
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    requirements = models.TextField(_("requirements"))
    procedure_walk_in = models.TextField(_("procedure, face to face"))
    procedure_online = models.TextField(_("procedure, online"))
    completion_time = models.TextField(_("completion time"))
    cost = models.TextField(_("cost"))
    products = models.TextField(_("service products"))
    complaint_channels = models.TextField(_("complaint channels"))

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")

    def __str__(self) -> str:
        return f"{self.service_name} — {self.office}"


class WorkingHours(models.Model):
    """One opening interval of a weekday; a day may have several (e.g. a lunch break)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["office", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="working_hours_opens_first"
            ),
            models.UniqueConstraint(
                fields=["office", "weekday", "opens"], name="working_hours_unique_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class CalendarOverride(models.Model):
    """The office's last word on one date: an extra closure (office closure, next year's
    cuti bersama once decreed) or a day re-opened despite the national calendar."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("closed")
        OPEN = "open", _("open")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="calendar_overrides")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    opens = models.TimeField(
        _("opens"), null=True, blank=True, help_text=_("Only for an open day with special hours.")
    )
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["office", "date"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="calendar_override_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}: {self.reason}"

    def clean(self) -> None:
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(_("Give both the opening and the closing time, or neither."))
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The office must open before it closes."))
        if self.kind == self.Kind.CLOSED and self.opens:
            raise ValidationError(_("A closed day has no hours."))


class Section(models.Model):
    """An organisational unit of an office. Its head is whoever holds the section-head role
    for it (`OfficeRole(role=section_head, section=…)`): one rule, kept in `accounts`."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="section_code_per_office")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    """A kind of service (jenis layanan); the service-time target is set per type."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="service_types")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    default_section = models.ForeignKey(
        Section, verbose_name=_("default section"), on_delete=models.PROTECT
    )
    target_minutes = models.PositiveSmallIntegerField(
        _("service target (office minutes)"), default=20, validators=[MinValueValidator(1)]
    )
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Words that suggest this type, one per line.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="service_type_code_per_office")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.default_section_id and self.default_section.office_id != self.office_id:
            raise ValidationError(_("The default section must belong to the same office."))


class Channel(models.Model):
    """How a question reaches the office. A table, because the online channel moves between
    ministry applications (OM SPAN, MonSAKTI, …) and offices add their own contacts."""

    class Kind(models.TextChoices):
        WALK_IN = "walk_in", _("face to face")
        ONLINE = "online", _("online portal")
        EMAIL = "email", _("e-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")
        PHONE = "phone", _("phone")
        API = "api", _("API")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_walk_in(self) -> bool:
        return self.kind == self.Kind.WALK_IN
