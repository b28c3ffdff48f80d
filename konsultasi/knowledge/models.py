"""The library: regulations, guidelines and FAQ answers; the synonym table its search reads;
reply templates; and the entries an officer cited on a consultation.

Each entry carries its own search terms (`search_heading`, `search_summary`, `search_body`),
recomputed by `save()` from the text it is saved with, so the index can never lag the row: on
SQLite an FTS5 table follows these columns by triggers, on PostgreSQL a generated tsvector
column does (both made by migration 0002)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from konsultasi.consultations.models import Consultation
from konsultasi.offices.models import Office, ServiceType


class Kind(models.TextChoices):
    LAW = "law", _("Law (UU)")
    GOVERNMENT_REGULATION = "government_regulation", _("Government regulation (PP)")
    PMK = "pmk", _("Minister of Finance regulation (PMK)")
    DG_REGULATION = "dg_regulation", _("Director General regulation (PER)")
    CIRCULAR = "circular", _("Circular (SE)")
    DECREE = "decree", _("Decree (KEP)")
    GUIDELINE = "guideline", _("Technical guideline (juknis)")
    FAQ = "faq", _("FAQ answer")


class EntryStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REVOKED = "revoked", _("Revoked")


def attachment_path(instance: "Entry", filename: str) -> str:
    # Server-generated name: the uploaded file's name is never used on disk.
    return f"library/{uuid.uuid4().hex}.pdf"


class Entry(models.Model):
    slug = models.SlugField(_("short name (slug)"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    number = models.CharField(
        _("number"),
        max_length=120,
        blank=True,
        help_text=_("Exactly as officially written, e.g. 210/PMK.05/2022. Empty for an FAQ."),
    )
    title = models.CharField(_("title"), max_length=400)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.IN_FORCE
    )
    changed_by = models.ForeignKey(
        "self",
        verbose_name=_("amended or revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    attachment = models.FileField(_("PDF"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True, editable=False)
    attachment_text = models.TextField(editable=False, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    service_types = models.ManyToManyField(
        ServiceType, verbose_name=_("service types"), blank=True, related_name="library_entries"
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Untick to keep the entry for officers only.")
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Number, dates and status checked against the official publication."),
    )
    notes = models.TextField(_("notes for editors"), blank=True)

    # The search terms (see analysis.py); never edited, recomputed on every save.
    search_heading = models.TextField(editable=False, blank=True)
    search_summary = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs) -> None:
        from konsultasi.knowledge.indexing import prepare_entry

        prepare_entry(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "search_heading",
                "search_summary",
                "search_body",
            }
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """How an answer cites it: the number and title, or the FAQ's title."""
        return str(self)


class Synonym(models.Model):
    """One line of the synonym table: an acronym and one of its long forms, or an informal
    spelling (or common typo) and the standard word."""

    class Kind(models.TextChoices):
        ACRONYM = "acronym", _("acronym → long form")
        INFORMAL = "informal", _("informal spelling → standard word")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    term = models.CharField(
        _("term"), max_length=60, help_text=_("The acronym (SP2D) or the informal word (yg).")
    )
    meaning = models.CharField(
        _("means"),
        max_length=200,
        help_text=_("The long form (surat perintah pencairan dana) or the standard word (yang)."),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term", "meaning"], name="synonym_once")
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.meaning}"


class ConsultationIndex(models.Model):
    """The search terms of a resolved consultation (subject, question, answer), for finding
    similar ones. Kept by a signal on every save of a consultation; see indexing.py."""

    consultation = models.OneToOneField(
        Consultation, primary_key=True, on_delete=models.CASCADE, related_name="search_index"
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    terms = models.TextField(blank=True)

    class Meta:
        indexes = [
            # An office's consultations newest first: the candidates ranked for similarity
            # (backends.py) when the question's words match many of them.
            models.Index(fields=["office", "consultation"], name="knowledge_ci_office_newest")
        ]

    def __str__(self) -> str:
        return f"index of {self.consultation_id}"


class ReplyTemplate(models.Model):
    """A ready answer for a service type. Placeholders: {nama} (the stakeholder's name),
    {nomor} (the consultation number) and {jatuh_tempo} (its due date)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="reply_templates")
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {nama} the stakeholder's name, {nomor} the consultation number, "
            "{jatuh_tempo} the due date."
        ),
    )
    entries = models.ManyToManyField(
        Entry, verbose_name=_("entries cited"), blank=True, related_name="reply_templates"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["office", "title"]

    def __str__(self) -> str:
        return self.title


class Citation(models.Model):
    """An entry cited in the answer of a consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="citations"
    )
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="citations")
    cited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["cited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "entry"], name="cite_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} → {self.entry_id}"
