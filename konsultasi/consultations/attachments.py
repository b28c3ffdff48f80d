"""Files attached to a consultation. Types are checked by content, not by the name the user
gave; files are stored under server-generated names, and the user's name is only displayed."""

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.utils.translation import gettext as _

from konsultasi.consultations import compound_files
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
)

# OOXML names its main part; a zip without one of these is just a zip.
_OOXML = "application/vnd.openxmlformats-officedocument"
_WORD, _EXCEL, _POWERPOINT = (
    f"{_OOXML}.wordprocessingml.document",
    f"{_OOXML}.spreadsheetml.sheet",
    f"{_OOXML}.presentationml.presentation",
)
_OFFICE_MAIN_PARTS = (
    ("word/document.xml", _WORD),
    ("xl/workbook.xml", _EXCEL),
    ("ppt/presentation.xml", _POWERPOINT),
)
# Macros in OOXML: a VBA project (the .docm/.xlsm/.pptm kind), wherever it is put, and
# Excel 4.0 macro sheets, which need no VBA project at all.
_OOXML_MACRO_PARTS = re.compile(r"(?:^|/)vbaproject\.bin$|(?:^|/)macrosheets/", re.IGNORECASE)
_OOXML_MACRO_TYPES = re.compile(rb"macroenabled|vbaproject|ms-excel\.(?:intl)?macrosheet", re.I)

# Legacy Office (doc, xls, ppt) is an OLE compound file, as are installers and much else:
# only these main streams make it an Office document.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_MAIN_STREAMS = {
    "worddocument": "application/msword",
    "workbook": "application/vnd.ms-excel",
    "book": "application/vnd.ms-excel",  # Excel 5 and 95
    "powerpoint document": "application/vnd.ms-powerpoint",
}
# Where Word (Macros), Excel (_VBA_PROJECT_CUR) and PowerPoint (VBA) keep a VBA project.
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}

# The extensions each accepted type may be shown with; the first is given to a file whose
# name says otherwise, so "catatan.html" holding plain text is offered as "catatan.txt".
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg", "jpe", "jfif"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    _WORD: ("docx",),
    _EXCEL: ("xlsx",),
    _POWERPOINT: ("pptx",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.ms-powerpoint": ("ppt",),
    "text/plain": ("txt", "csv"),
}
# What after the last dot reads as an extension to replace ("html", "exe", "docm"), rather
# than part of the name to keep ("Laporan v1.2", "Surat No. 5 Tahun 2026").
_EXTENSION_LIKE = re.compile(r"(?=[0-9]*[a-z])[a-z0-9]{1,10}", re.IGNORECASE)

# A PDF whose first bytes also make an HTML page (a polyglot) would run if opened as one.
_PDF_POLYGLOT = re.compile(rb"<(?:html|script|svg|!doctype)", re.IGNORECASE)

# Markup that makes a "text" file a page a browser would run or render, e.g. once saved under
# a name ending in .html: any "<" that can open a tag, comment, doctype or processing
# instruction. Judged character by character, never by parsing tags, so no quoted "<" or ">"
# inside an attribute can hide one. "a < b", "<3" and "<=" are plain text and pass.
_MARKUP = re.compile(r"<[!?/a-z]", re.IGNORECASE)

# Control characters (CR/LF among them), bidirectional overrides, which can make
# "invoice\u202efdp.exe" display as "invoiceexe.pdf", and unpaired surrogates (a name sent in
# JSON may carry one), which no database can store.
_UNDISPLAYABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


class ArchiveBomb(Exception):
    """A zip that would unpack to far more than it weighs."""


class MacrosFound(Exception):
    """An Office document that carries macros: a program, whatever its name."""


def clean_display_name(raw: str | None) -> str:
    """The user's filename made safe to display and to offer back as a download name."""
    name = re.split(r"[/\\]", raw or "")[-1]
    name = _UNDISPLAYABLE.sub("", name).strip()[:255]
    return name if name not in {"", ".", ".."} else "lampiran"


def shown_name(name: str, content_type: str) -> str:
    """The cleaned display name, ending in an extension of the type found by content."""
    stem, dot, extension = name.rpartition(".")
    allowed = EXTENSIONS[content_type]
    if dot and stem and extension.lower() in allowed:
        return name
    if not (dot and stem):
        stem = name if not dot else "lampiran"  # ".htaccess": nothing to keep before the dot
    elif not _EXTENSION_LIKE.fullmatch(extension):
        stem = name
    ending = f".{allowed[0]}"
    return stem[: 255 - len(ending)] + ending


def sniff_content_type(upload: File) -> str | None:
    """The precise content type of a file, judged by its content, or None if we do not accept
    it. Raises ArchiveBomb for a zip that would unpack to too much, MacrosFound for an Office
    document with macros."""
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
    if head.startswith(_OLE_SIGNATURE):
        return _legacy_office_type(upload)
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
    if any(_OOXML_MACRO_PARTS.search(name) for name in names):
        raise MacrosFound
    with zipfile.ZipFile(upload) as archive:
        # Already unpacked once by testzip, within the limits: safe to read.
        if _OOXML_MACRO_TYPES.search(archive.read("[Content_Types].xml")):
            raise MacrosFound
    for main_part, content_type in _OFFICE_MAIN_PARTS:
        if main_part in names:
            return content_type
    return None


def _legacy_office_type(upload: File) -> str | None:
    try:
        names = [name.lower() for name in compound_files.entry_names(upload, upload.size)]
    except compound_files.Malformed:
        return None
    if _OLE_MACRO_STORAGES.intersection(names):
        raise MacrosFound
    for name in names:
        if name in _OLE_MAIN_STREAMS:
            return _OLE_MAIN_STREAMS[name]
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
    """What the next chunk must be searched with: a "<" that ended this one."""
    return "<" if text.endswith("<") else ""


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
        except MacrosFound:
            raise InvalidInput(
                _(
                    "%(name)s contains macros, which are programs. Save it without macros "
                    "(e.g. as .docx or .xlsx) and send it again."
                )
                % {"name": name}
            ) from None
        if content_type is None:
            raise InvalidInput(
                _("%(name)s is not an accepted file (PDF, image, Office document or text).")
                % {"name": name}
            )
        checked.append((upload, shown_name(name, content_type), content_type))
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
