"""Files attached to a consultation. Types are checked by content, not by the name the user
gave; files are stored under server-generated names."""

from django.utils.translation import gettext as _

from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Attachment, Consultation, Message

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 10
MAX_FILES_PER_CONSULTATION = 30

# Leading bytes of the types we accept: PDF, images, Office documents (OOXML is a zip with
# a [Content_Types].xml entry; legacy Office is an OLE compound file).
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None if we do not accept it."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04") and b"[Content_Types].xml" in head:
        return "application/vnd.openxmlformats-officedocument"
    if head and b"\x00" not in head and not _looks_like_markup(head):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def _looks_like_markup(head: bytes) -> bool:
    # A byte-order mark and blank lines before "<html>" must not hide it.
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def attach_files(
    consultation: Consultation, *, message: Message | None, files, uploaded_by
) -> list[Attachment]:
    """Validate every file before storing any, so a bad file refuses the whole upload."""
    files = list(files)
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise InvalidInput(_("Attach at most %(n)d files at a time.") % {"n": MAX_FILES_PER_UPLOAD})
    if consultation.attachments.count() + len(files) > MAX_FILES_PER_CONSULTATION:
        raise InvalidInput(
            _("A consultation holds at most %(n)d files.") % {"n": MAX_FILES_PER_CONSULTATION}
        )
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
        if upload.size > MAX_FILE_BYTES:
            raise InvalidInput(_("%(name)s is larger than 10 MB.") % {"name": name})
        upload.seek(0)
        content_type = sniff_content_type(upload.read(2048))
        upload.seek(0)
        if content_type is None:
            raise InvalidInput(
                _("%(name)s is not an accepted file (PDF, image, Office document or text).")
                % {"name": name}
            )
        checked.append((upload, name, content_type))
    stored = []
    for upload, name, content_type in checked:
        attachment = Attachment(
            consultation=consultation,
            message=message,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=uploaded_by,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
