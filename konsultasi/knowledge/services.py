"""Every write to the library: entries (with their PDF and service types), citations on a
consultation. Each runs in one transaction with the search terms it changes, which the entry
recomputes as it is saved (models.Entry.save), so the index never lags the data."""

import io
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import (
    Action,
    LibraryAction,
    PermissionDenied,
    can_in_any_office,
    require,
    roles_in,
)
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation
from konsultasi.errors import InvalidInput
from konsultasi.knowledge.models import Citation, Entry, EntryStatus
from konsultasi.offices import text
from konsultasi.offices.models import ServiceType

PDF_MAX_BYTES = 20 * 1024 * 1024
PDF_MAX_PAGES = 300
# What of a PDF's text is searched: enough for any regulation, bounded so that one huge scan
# cannot bloat the index (a PostgreSQL tsvector holds at most 1 MB).
PDF_TEXT_MAX = 300_000


def service_types_with_codes(codes: Iterable[str]) -> list[ServiceType]:
    """The library is shared by every office: an entry belongs to a service type in each
    office that has one of that code."""
    return list(ServiceType.objects.filter(code__in=list(codes)))


def require_editor(actor: User) -> None:
    if not can_in_any_office(actor, LibraryAction.EDIT):
        raise PermissionDenied(LibraryAction.EDIT)


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF, refused with a message if the file is not one (checked by its
    content, not its name)."""
    if len(data) > PDF_MAX_BYTES:
        raise InvalidInput(_("The PDF is too large (at most 20 MB)."))
    if not data.startswith(b"%PDF-"):
        raise InvalidInput(_("The file is not a PDF. Attach the regulation as a PDF file."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return ""
        pages = []
        for page in reader.pages[:PDF_MAX_PAGES]:
            pages.append(page.extract_text() or "")
            if sum(map(len, pages)) > PDF_TEXT_MAX:
                break
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise InvalidInput(_("The PDF cannot be read. Save it again as a PDF and retry.")) from None
    return text.long_text(text.searchable(" ".join(pages)), field="PDF")[:PDF_TEXT_MAX]


def _clean(entry: Entry) -> None:
    """Text as the rest of the system stores it; the status and what changed it agree."""
    for name in ("number", "title", "issuer"):
        setattr(entry, name, text.one_line(getattr(entry, name), field=name))
    for name in ("summary", "body", "notes"):
        setattr(entry, name, text.long_text(getattr(entry, name), field=name))
    if not entry.title:
        raise InvalidInput(_("Give the entry a title."))
    entry.tags = [t for t in (text.one_line(str(t), field="tag").lower() for t in entry.tags) if t]
    if entry.status == EntryStatus.IN_FORCE:
        entry.changed_by = None
    if entry.changed_by_id is not None and entry.changed_by_id == entry.pk:
        raise InvalidInput(_("An entry cannot amend or revoke itself."))


def save_entry(
    *,
    actor: User | None,
    entry: Entry,
    service_types: Iterable[ServiceType] | None = None,
    pdf: bytes | None = None,
    pdf_name: str = "",
    remove_pdf: bool = False,
) -> Entry:
    """Create or update an entry, in one transaction with its search terms and service types.
    `actor` None is the reference-data loader. A PDF is checked and its text extracted
    before anything is written."""
    if actor is not None:
        require_editor(actor)
    _clean(entry)
    old_file = None
    if pdf is not None:
        entry.attachment_text = extract_pdf_text(pdf)
        old_file = entry.attachment.name or None
        entry.attachment_name = text.one_line(pdf_name, field="PDF")[:255] or "dokumen.pdf"
    elif remove_pdf:
        old_file = entry.attachment.name or None
        entry.attachment, entry.attachment_name, entry.attachment_text = None, "", ""
    entry.updated_by = actor
    stored = None
    try:
        with transaction.atomic():
            if pdf is not None:
                entry.attachment.save("dokumen.pdf", ContentFile(pdf), save=False)
                stored = entry.attachment.name
            entry.save()
            if service_types is not None:
                entry.service_types.set(service_types)
    except BaseException:
        # The row rolled back; the file on disk would not.
        if stored:
            entry.attachment.storage.delete(stored)
        raise
    if old_file and old_file != entry.attachment.name:
        storage = Entry._meta.get_field("attachment").storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return entry


@transaction.atomic
def delete_entry(*, actor: User, entry: Entry) -> None:
    """Delete an entry and its place in the index. One cited in an answer is kept: the
    answer's link must keep working; mark it revoked instead."""
    require_editor(actor)
    name = entry.attachment.name
    try:
        entry.delete()
    except ProtectedError:
        raise InvalidInput(
            _("This entry is cited in answers and cannot be deleted. Mark it revoked instead.")
        ) from None
    if name:
        storage = Entry._meta.get_field("attachment").storage
        transaction.on_commit(lambda: storage.delete(name))


def _answering(actor: User, consultation: Consultation) -> Consultation:
    office = consultation.office
    if not roles_in(actor, office):
        raise ConsultationNotFound()
    require(actor, Action.RESOLVE, office)
    return consultation


@transaction.atomic
def cite_entry(*, actor: User, consultation: Consultation, entry: Entry) -> Citation:
    """Cite a public entry in the consultation's answer (once; citing again changes nothing).
    Internal entries are for officers and are never cited to a stakeholder."""
    _answering(actor, consultation)
    if not consultation.is_open:
        raise InvalidInput(_("Entries can be cited only while the consultation is open."))
    if not entry.is_public:
        raise InvalidInput(_("An internal entry cannot be cited in an answer to a stakeholder."))
    citation, _created = Citation.objects.get_or_create(
        consultation=consultation, entry=entry, defaults={"cited_by": actor}
    )
    return citation


@transaction.atomic
def withdraw_citation(*, actor: User, consultation: Consultation, entry: Entry) -> None:
    _answering(actor, consultation)
    if not consultation.is_open:
        raise InvalidInput(_("Entries can be cited only while the consultation is open."))
    Citation.objects.filter(consultation=consultation, entry=entry).delete()
