"""What is inside an attached file (quality item 5): text with any markup is refused, whatever
trick hides it; Office files with macros are programs and refused; the name shown and offered
for download always ends in the extension of the type the content was found to be."""

import codecs
import re

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konsultasi.consultations import services
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Attachment, Consultation, Status
from konsultasi.consultations.tests.sample_files import (
    JPEG,
    LEGACY_EXCEL,
    LEGACY_POWERPOINT,
    LEGACY_WORD,
    PDF,
    PNG,
    STORAGE,
    STREAM,
    office_document,
    ole_file,
)

pytestmark = pytest.mark.usefixtures("english")

CHUNK = 64 * 1024  # the size in which attachments.py reads a text file


@pytest.fixture
def waiting(in_state, settings, tmp_path) -> Consultation:
    settings.MEDIA_ROOT = tmp_path
    return in_state(Status.WAITING_STAKEHOLDER)


@pytest.fixture
def provide(waiting, stakeholder_user):
    def send(name: str, content: bytes) -> Attachment:
        # ContentFile keeps the name as given, as a file from the API or e-mail would.
        services.provide_documents(
            actor=stakeholder_user, consultation=waiting, files=[ContentFile(content, name=name)]
        )
        return Attachment.objects.get(consultation=waiting)

    return send


def refused(provide, name: str, content: bytes, reason: str = "is not an accepted file") -> None:
    with pytest.raises(InvalidInput, match=re.escape(f"{name} {reason}")):
        provide(name, content)
    assert not Attachment.objects.exists()


# --- markup in text, however it is hidden ------------------------------------------------

# Payloads of the kind published in XSS filter-evasion lists, written down here by hand
# rather than derived from the pattern that refuses them.
PAYLOADS = {
    "quoted-less-than-in-an-attribute": b'<img alt="<" src=x onerror=alert(1)>',
    "quoted-greater-than-in-an-attribute": b'<img alt=">" src=x onerror=alert(1)>',
    "comment": b"Catatan <!-- <script>alert(1)</script> --> selesai",
    "comment-alone": b"<!-- a comment a browser hides -->",
    "xml-declaration": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>',
    "processing-instruction": b'<?xml-stylesheet href="data:text/css,"?>',
    "closing-script-tag": b"Selesai.</script><script>alert(1)//",
    "closing-tag-alone": b"</title>",
    "svg-slash-onload": b"<svg/onload=alert(1)>",
    "uppercase-tag": b"<IMG SRC=x OnErRoR=alert(1)>",
    "uppercase-script": b"<SCRIPT>alert(1)</SCRIPT>",
    "tag-after-bom-and-white-space": b"\xef\xbb\xbf \t\r\n\n<p>Halo</p>",
    "tag-after-white-space": b"\n\n\n          <body onload=alert(1)>",
    "harmless-looking-bold": b"Mohon <b>segera</b> diproses.",
    "anchor-with-javascript-url": b'<a href="javascript:alert(1)">klik</a>',
    "iframe-srcdoc": b'<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">',
    "math-with-link": b'<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "style-expression": b"<div style=\"background:url('javascript:alert(1)')\">",
    "tag-name-with-digits": b"<h1>Judul</h1>",
    "doctype": b"<!DOCTYPE html>",
    "cdata": b"<![CDATA[<script>alert(1)</script>]]>",
    "tag-split-across-lines": b"<img\nsrc=x\nonerror=alert(1)\n>",
    "unclosed-tag-at-the-end": b"Terima kasih <script",
    "less-than-at-the-end-of-the-first-chunk": b"a" * (CHUNK - 1) + b"<p>Halo</p>",
    "slash-at-the-start-of-the-second-chunk": b"a" * (CHUNK - 1) + b"</p>",
    "markup-a-megabyte-in": b"Laporan.\n" * 120_000 + b"<script>alert(1)</script>",
    "overlong-utf-8-less-than": b"\xc0\xbcscript\xc0\xbealert(1)\xc0\xbc/script\xc0\xbe",
    "utf-16-le-with-bom": codecs.BOM_UTF16_LE + "<script>alert(1)</script>".encode("utf-16-le"),
    "utf-16-be-with-bom": codecs.BOM_UTF16_BE + "<html><body>Hi".encode("utf-16-be"),
    "utf-16-without-bom": "<svg onload=alert(1)>".encode("utf-16-le"),
    "e-mail-address-in-brackets": b"Dari: Budi <budi@example.id>",
    "word-in-brackets": b"Isi <formulir> ini.",
}


@pytest.mark.parametrize("content", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_text_with_markup_is_refused(provide, content):
    refused(provide, "catatan.txt", content)


def test_utf_7_markup_is_plain_ascii_that_no_browser_decodes(provide):
    # Browsers dropped UTF-7 long ago, and the download says nosniff and text/plain.
    attachment = provide("catatan.txt", b"+ADw-script+AD4-alert(1)+ADw-/script+AD4-")
    assert attachment.content_type == "text/plain"


@pytest.mark.parametrize(
    "content",
    [
        b"Syarat: a < b dan b > c.",
        b"Terima kasih <3",
        b"nilai <= 5000, selisih <-10, panah <=>",
        b"<< Kembali | Lanjut >>",
        b"Rumus: x<1 atau x< 2; tanda <% dan <# bukan tag.",
        b"< script> dengan spasi bukan tag",
        "Kurang dari ＜ (lebar penuh) bukan tag".encode(),
        b"&lt;script&gt; ditulis sebagai entitas",
    ],
)
def test_text_with_a_less_than_sign_that_opens_no_tag_is_accepted(provide, content):
    assert provide("catatan.txt", content).content_type == "text/plain"


tag_names = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
plain = st.text(st.characters(codec="utf-8", exclude_characters="<\x00"), max_size=200)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=plain,
    opener=st.sampled_from(["<", "</", "<!", "<?"]),
    name=tag_names,
    rest=plain,
)
def test_any_tag_anywhere_in_any_text_is_refused(
    waiting, stakeholder_user, before, opener, name, rest
):
    content = f"{before}{opener}{name}{rest}".encode()
    with pytest.raises(InvalidInput, match="not an accepted file"):
        services.provide_documents(
            actor=stakeholder_user,
            consultation=waiting,
            files=[ContentFile(content, name="catatan.txt")],
        )


# --- macros are programs -----------------------------------------------------------------

MACRO_MESSAGE = "contains macros"
MACRO_ENABLED = (
    b'<Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)

MACRO_FILES = {
    "docm-with-a-vba-project": (
        "surat.docm",
        lambda: office_document("word/document.xml", **{"word/vbaProject.bin": b"\xd0\xcf"}),
    ),
    "xlsm-with-a-vba-project": (
        "data.xlsm",
        lambda: office_document("xl/workbook.xml", **{"xl/vbaProject.bin": b"\xd0\xcf"}),
    ),
    "vba-project-named-docx-and-hidden-in-a-folder": (
        "surat.docx",
        lambda: office_document("word/document.xml", **{"customUI/x/VBAProject.bin": b"x"}),
    ),
    "excel-4-macro-sheet": (
        "data.xlsx",
        lambda: office_document("xl/workbook.xml", **{"xl/macrosheets/sheet1.xml": b"<x/>"}),
    ),
    "macro-enabled-content-type": (
        "surat.docx",
        lambda: office_document("word/document.xml", content_types=MACRO_ENABLED),
    ),
    "legacy-word-with-macros": (
        "surat.doc",
        lambda: ole_file(
            ("WordDocument", STREAM),
            ("Macros", STORAGE),
            ("VBA", STORAGE),
            ("_VBA_PROJECT", STREAM),
        ),
    ),
    "legacy-excel-with-a-vba-project": (
        "data.xls",
        lambda: ole_file(("Workbook", STREAM), ("_VBA_PROJECT_CUR", STORAGE)),
    ),
    "legacy-powerpoint-with-a-vba-storage": (
        "paparan.ppt",
        lambda: ole_file(("PowerPoint Document", STREAM), ("VBA", STORAGE)),
    ),
}


@pytest.mark.parametrize(("name", "build"), MACRO_FILES.values(), ids=MACRO_FILES.keys())
def test_an_office_file_with_macros_is_refused_with_a_clear_message(provide, name, build):
    refused(provide, name, build(), MACRO_MESSAGE)


def patched(content: bytes, offset: int, value: int, *, at_end: bool = False) -> bytes:
    """`content` with the 32-bit number at `offset` set to `value`; with `at_end`, the last
    four bytes also point to the last sector (a DIFAT chain that loops on itself)."""
    content = content[:offset] + value.to_bytes(4, "little") + content[offset + 4 :]
    if at_end:
        last = len(content) // 512 - 2
        content = content[:-4] + last.to_bytes(4, "little")
    return content


WITH_DIFAT = ole_file(("WordDocument", STREAM), fat_sectors=110)
STORAGES = [(f"ObjectPool{i}", STORAGE) for i in range(9)]  # three directory sectors in all


@pytest.mark.parametrize(
    ("build", "content_type"),
    [
        (lambda: LEGACY_WORD, "application/msword"),
        (lambda: LEGACY_EXCEL, "application/vnd.ms-excel"),
        (lambda: ole_file(("Book", STREAM)), "application/vnd.ms-excel"),
        (lambda: LEGACY_POWERPOINT, "application/vnd.ms-powerpoint"),
        (lambda: ole_file(*STORAGES, ("WordDocument", STREAM)), "application/msword"),
        (
            lambda: ole_file(("WordDocument", STREAM), fat_sectors=110),
            "application/msword",
        ),
    ],
    ids=[
        "doc",
        "xls",
        "xls-of-excel-5",
        "ppt",
        "directory-over-several-sectors",
        "fat-listed-in-a-difat-sector",
    ],
)
def test_a_legacy_office_file_without_macros_is_accepted_as_what_it_is(
    provide, build, content_type
):
    assert provide("dokumen.doc", build()).content_type == content_type


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: LEGACY_WORD[:100], id="shorter-than-a-header"),
        pytest.param(lambda: LEGACY_WORD[:512], id="header-only"),
        pytest.param(
            lambda: LEGACY_WORD[:44] + b"\x02" + LEGACY_WORD[45:80] + bytes(4) + LEGACY_WORD[84:],
            id="fat-sector-listed-twice",
        ),
        pytest.param(
            lambda: patched(WITH_DIFAT, 72, 2, at_end=True), id="difat-chain-looping-on-itself"
        ),
        pytest.param(lambda: LEGACY_WORD[:600], id="cut-off-in-the-fat"),
        pytest.param(
            lambda: ole_file(("\x05SummaryInformation", STREAM)), id="not-office-msi-like"
        ),
        pytest.param(lambda: ole_file(), id="empty-directory"),
        pytest.param(
            lambda: LEGACY_WORD[:30] + b"\x07\x00" + LEGACY_WORD[32:], id="bad-sector-size"
        ),
        pytest.param(
            lambda: LEGACY_WORD[:516] + b"\x01\x00\x00\x00" + LEGACY_WORD[520:],
            id="directory-chain-looping-on-itself",
        ),
        pytest.param(
            lambda: LEGACY_WORD[:1024] + LEGACY_WORD[1024:1088] + b"\x00\x01" + LEGACY_WORD[1090:],
            id="name-longer-than-its-field",
        ),
    ],
)
def test_a_broken_or_foreign_compound_file_is_refused(provide, build):
    refused(provide, "dokumen.doc", build())


# --- the extension follows the content ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "content", "shown"),
    [
        pytest.param("catatan.html", b"Halo", "catatan.txt", id="text-named-html"),
        pytest.param("catatan.svg", b"Halo", "catatan.txt", id="text-named-svg"),
        pytest.param("catatan.TXT", b"Halo", "catatan.TXT", id="text-named-txt-in-capitals"),
        pytest.param("rekap.csv", b"1;2", "rekap.csv", id="csv-kept"),
        pytest.param("catatan", b"Halo", "catatan.txt", id="text-without-extension"),
        pytest.param("laporan.exe", PDF, "laporan.pdf", id="pdf-named-exe"),
        pytest.param("laporan.pdf.exe", PDF, "laporan.pdf.pdf", id="pdf-with-two-extensions"),
        pytest.param("Laporan v1.2", PDF, "Laporan v1.2.pdf", id="pdf-with-a-dot-in-its-name"),
        pytest.param("Surat No. 5 Tahun 2026", PDF, "Surat No. 5 Tahun 2026.pdf", id="sentence"),
        pytest.param("foto.jpg", PNG, "foto.png", id="png-named-jpg"),
        pytest.param("foto.JPEG", JPEG, "foto.JPEG", id="jpeg-named-jpeg"),
        pytest.param("foto.jfif", JPEG, "foto.jfif", id="jpeg-named-jfif"),
        pytest.param(
            "surat.docm", office_document("word/document.xml"), "surat.docx", id="clean-docm"
        ),
        pytest.param("data.xlsb", office_document("xl/workbook.xml"), "data.xlsx", id="xlsx"),
        pytest.param(
            "paparan.ppsx", office_document("ppt/presentation.xml"), "paparan.pptx", id="pptx"
        ),
        pytest.param("lama.docx", LEGACY_WORD, "lama.doc", id="legacy-word-named-docx"),
        pytest.param("lama.xlsx", LEGACY_EXCEL, "lama.xls", id="legacy-excel-named-xlsx"),
        pytest.param("lama.msi", LEGACY_POWERPOINT, "lama.ppt", id="legacy-powerpoint-named-msi"),
        pytest.param(".htaccess", b"Halo", "lampiran.txt", id="nothing-before-the-dot"),
        pytest.param("a" * 300 + ".pdf", PDF, "a" * 251 + ".pdf", id="longer-than-255"),
        pytest.param("kuitansi\u202efdp.exe", PDF, "kuitansifdp.pdf", id="bidi-override"),
        pytest.param("\r\n", PDF, "lampiran.pdf", id="nothing-left"),
    ],
)
def test_the_name_shown_ends_in_the_extension_of_the_type_found(provide, raw, content, shown):
    attachment = provide(raw, content)
    assert attachment.original_name == shown
    assert len(attachment.original_name) <= 255
