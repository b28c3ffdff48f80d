"""Files attached to a consultation. Types are checked by content, not by the name the user
gave; files are stored under server-generated names, and the user's name is only displayed."""

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.utils.translation import gettext as _

from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Attachment, Consultation, Message

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 10
MAX_FILES_PER_CONSULTATION = 30

# An Office document is a zip; these bound what it may unpack to.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_COMPRESSION_RATIO = 100
# A small part may compress very well and harm no one; the ratio matters for big ones.
_RATIO_CHECKED_FROM = 1024 * 1024

_CHUNK = 64 * 1024
_HEAD = 1024
_BOM = b"\xef\xbb\xbf"

# Programs are refused whatever they are called: Windows (MZ), Linux (ELF), scripts (#!).
_PROGRAMS = (b"MZ", b"\x7fELF", b"#!")

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    # Legacy Office (doc, xls, ppt) is an OLE compound file.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)

# OOXML names its main part; a zip without one of these is just a zip.
_OOXML = "application/vnd.openxmlformats-officedocument"
_OFFICE_MAIN_PARTS = (
    ("word/document.xml", f"{_OOXML}.wordprocessingml.document"),
    ("xl/workbook.xml", f"{_OOXML}.spreadsheetml.sheet"),
    ("ppt/presentation.xml", f"{_OOXML}.presentationml.presentation"),
)

# A PDF whose first bytes also make an HTML page (a polyglot) would run if opened as one.
_PDF_POLYGLOT = re.compile(rb"<(?:html|script|svg|!doctype)", re.IGNORECASE)

# Markup that makes a "text" file a page a browser would run or render, e.g. once saved
# under a name ending in .html. A namespace prefix (<x:script) must not hide the element.
# "a < b", "<3" and "<budi@example.id>" are plain text and pass.
_DANGEROUS_ELEMENTS = (
    "script|html|head|body|svg|math|iframe|frame|frameset|object|embed|applet"
    "|meta|link|style|base|form"
)
_MARKUP = re.compile(
    rf"<(?:[a-z][\w.-]*:)?(?:{_DANGEROUS_ELEMENTS})(?![\w-])"
    r"|<!doctype|<\?xml"
    # Any tag with an event handler, like <img src=x onerror=alert(1)>.
    r"|<[a-z][^<>]*?[\s/\"']on[a-z]+\s*=",
    re.IGNORECASE,
)
# Longer than any element or attribute name above, so one cut by a chunk boundary is seen whole.
_OVERLAP = 64

# Control characters (CR/LF among them) and bidirectional overrides, which can make
# "invoice\u202efdp.exe" display as "invoiceexe.pdf".
_UNDISPLAYABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class ArchiveBomb(Exception):
    """A zip that would unpack to far more than it weighs."""


def clean_display_name(raw: str | None) -> str:
    """The user's filename made safe to display and to offer back as a download name."""
    name = re.split(r"[/\\]", raw or "")[-1]
    name = _UNDISPLAYABLE.sub("", name).strip()[:255]
    return name if name not in {"", ".", ".."} else "lampiran"


def sniff_content_type(upload: File) -> str | None:
    """The precise content type of a file, judged by its content, or None if we do not accept
    it. Raises ArchiveBomb for a zip that would unpack to too much."""
    upload.seek(0)
    head = upload.read(_HEAD)
    if head.removeprefix(_BOM).startswith(_PROGRAMS):
        return None
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return None if _PDF_POLYGLOT.search(head) else "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    if head and _is_plain_text(upload):
        return "text/plain"
    return None


def _office_type(upload: File) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _refuse_bomb(entries)
            # The sizes above are what the archive declares. Unpacking it (at most the 100 MB
            # just allowed) and checking every CRC refuses a corrupt or lying archive too.
            if archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError, zlib.error):
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
        return None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        return None
    for main_part, content_type in _OFFICE_MAIN_PARTS:
        if main_part in names:
            return content_type
    return None


def _refuse_bomb(entries: list[zipfile.ZipInfo]) -> None:
    """A bomb harms whoever opens or scans the document later, not only this check."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ArchiveBomb
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ArchiveBomb
    for entry in entries:
        big = entry.file_size > _RATIO_CHECKED_FROM
        if big and entry.file_size > MAX_COMPRESSION_RATIO * entry.compress_size:
            raise ArchiveBomb


def _is_plain_text(upload: File) -> bool:
    """The whole file is UTF-8, has no NUL byte and no markup a browser would act on."""
    # Incremental, so a character whose bytes straddle two chunks is decoded whole.
    decoder = codecs.getincrementaldecoder("utf-8")()
    carried = ""
    try:
        for chunk in _chunks(upload):
            if b"\x00" in chunk:
                return False
            text = carried + decoder.decode(chunk)
            if _MARKUP.search(text):
                return False
            carried = _carry(text)
        decoder.decode(b"", final=True)  # a character cut off at the end of the file
    except UnicodeDecodeError:
        return False
    return True


def _carry(text: str) -> str:
    """What the next chunk must be searched with: a tag still open at the end of this one."""
    start = text.rfind("<")
    if start == -1 or text.find(">", start) != -1:
        return ""
    if len(text) - start <= _OVERLAP:
        return text[start:]
    after = text[start + 1 : start + 2]
    if after.isascii() and after.isalpha():
        # A long open tag: remember that we are inside one, and keep its last characters
        # in case an attribute name was cut.
        return "<x " + text[-_OVERLAP:]
    return ""


def _chunks(upload: File) -> Iterator[bytes]:
    # Not upload.chunks(): for an upload held in memory that yields the whole file at once.
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        yield chunk


def attach_files(
    consultation: Consultation, *, message: Message | None, files: Iterable[File], uploaded_by
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
        name = clean_display_name(upload.name)
        if upload.size > MAX_FILE_BYTES:
            raise InvalidInput(_("%(name)s is larger than 10 MB.") % {"name": name})
        try:
            content_type = sniff_content_type(upload)
        except ArchiveBomb:
            raise InvalidInput(_("%(name)s looks like an archive bomb.") % {"name": name}) from None
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
        # The storage name comes from the model (a random one); the user's never reaches it.
        upload.seek(0)
        attachment.file.save("lampiran", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
