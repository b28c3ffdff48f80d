"""People: users, their roles in offices, work units (satker) and stakeholder profiles."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from konsultasi.errors import InvalidInput
from konsultasi.offices import text
from konsultasi.offices.models import Office, Section

work_unit_code_validator = RegexValidator(
    r"^\d{6}$", _("A work unit (satker) code is exactly 6 digits, leading zeros kept.")
)
nip_validator = RegexValidator(r"^\d{18}$", _("A NIP is exactly 18 digits."))
nik_validator = RegexValidator(r"^\d{16}$", _("A NIK is exactly 16 digits."))


class User(AbstractUser):
    """Staff and stakeholders alike sign in as users; what they may do comes from OfficeRole
    (staff) or from owning a StakeholderProfile (stakeholders)."""

    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language of the e-mail and WhatsApp messages sent to them.
    language = models.CharField(
        _("language of messages"), max_length=8, choices=settings.LANGUAGES, default="id"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    OFFICER = "officer", _("CSO officer")
    SECTION_HEAD = "section_head", _("section head")
    OFFICE_HEAD = "office_head", _("office head")
    ADMIN = "admin", _("administrator")
    REGIONAL_VIEWER = "regional_viewer", _("regional viewer")
    STAKEHOLDER = "stakeholder", _("stakeholder")


class OfficeRole(models.Model):
    """A staff member's role in one office. Every permission is checked within the office."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="office_roles")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(
        _("role"), max_length=20, choices=[c for c in Role.choices if c[0] != Role.STAKEHOLDER]
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("office role")
        verbose_name_plural = _("office roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="office_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.office}"

    def clean(self) -> None:
        section = self.section
        if section is not None and self.office_id and section.office_id != self.office_id:
            raise ValidationError(_("The section must belong to the same office."))
        if self.role == Role.SECTION_HEAD and section is None:
            raise ValidationError(_("A section head's role names the section they head."))


class WorkUnit(models.Model):
    """A government work unit (satuan kerja, satker)."""

    code = models.CharField(
        _("satker code"), max_length=6, unique=True, validators=[work_unit_code_validator]
    )
    name = models.CharField(_("name"), max_length=300)
    office = models.ForeignKey(
        Office,
        verbose_name=_("served by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_units",
    )

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PreferredChannel(models.TextChoices):
    PORTAL = "portal", _("portal only")
    EMAIL = "email", _("e-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")


class StakeholderProfile(models.Model):
    """Whoever asks: a person of a work unit, a partner (bank, local government) or the public.

    A walk-in visitor gets a profile without a user account; one who signs up on the portal
    is linked to a user. The profile belongs to the office that keeps it."""

    class Position(models.TextChoices):
        KPA = "kpa", _("budget user proxy (KPA)")
        PPK = "ppk", _("commitment officer (PPK)")
        PPSPM = "ppspm", _("payment order signer (PPSPM)")
        TREASURER = "treasurer", _("treasurer (bendahara)")
        OPERATOR = "operator", _("SAKTI operator")
        PARTNER = "partner", _("partner (bank, local government)")
        PUBLIC = "public", _("public")
        OTHER = "other", _("other")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="stakeholders")
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="stakeholder_profile"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.OTHER
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name=_("work unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    preferred_channel = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=PreferredChannel.choices,
        default=PreferredChannel.EMAIL,
        help_text=_("How the office tells them of changes; the portal always shows them too."),
    )
    language = models.CharField(
        _("language of messages"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder profile")
        verbose_name_plural = _("stakeholder profiles")
        ordering = ["full_name"]
        indexes = [
            models.Index(fields=["office", "phone"]),
            models.Index(fields=["office", "nip"]),
            models.Index(fields=["office", "email"]),
            # Finding a stakeholder again by e-mail ignores its case (`email__iexact`: on
            # PostgreSQL UPPER(email)), e.g. on every API submission that names one: without
            # this the office's 4,000 profiles at national scale were filtered one by one.
            models.Index(F("office"), Upper("email"), name="stakeholder_email_any_case"),
        ]

    def __str__(self) -> str:
        return self.full_name

    # Typed by a visitor, an officer or a program: cleaned whichever way the profile is saved.
    ONE_LINE_FIELDS = (
        ("full_name", _("The full name")),
        ("organisation", _("The organisation")),
        ("phone", _("The phone number")),
    )

    def save(self, *args, **kwargs) -> None:
        """Raises InvalidInput for a character that cannot be stored (a NUL, a lone
        surrogate), rather than the database's own error."""
        for name, label in self.ONE_LINE_FIELDS:
            setattr(self, name, text.one_line(getattr(self, name), field=str(label)))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        refused = {}
        for name, label in self.ONE_LINE_FIELDS:
            try:
                setattr(self, name, text.one_line(getattr(self, name), field=str(label)))
            except InvalidInput as refusal:
                refused[name] = refusal.message
        if refused:
            raise ValidationError(refused)

    @property
    def masked_nik(self) -> str:
        """The NIK is personal data: show only its last four digits."""
        return f"{'•' * 12}{self.nik[-4:]}" if self.nik else ""


class EmailLink(models.Model):
    """A link sent by e-mail to prove that its reader holds the address: to register, to ask
    as a guest, to move an account to a new address. Only a digest of the secret is kept; the
    link works once and until it expires (`accounts.email_links`)."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("registration")
        GUEST = "guest", _("question as a guest")
        CHANGE_EMAIL = "change_email", _("change of e-mail")

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail link")
        verbose_name_plural = _("e-mail links")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.email}"


class ApiKey(models.Model):
    """A key for the REST API, sent as `Authorization: Bearer KEY`.

    An integration key belongs to an office and acts as its own service account (an officer
    of that office: `accounts.api_keys`), so the one permission table decides what it may do
    and the history says which integration did it. A personal token acts as its person.
    Only a SHA-256 digest of the key is stored; the visible prefix finds the row."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_("Set for an integration's key; empty for a person's own token."),
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
