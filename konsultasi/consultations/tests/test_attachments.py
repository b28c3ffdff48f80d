"""Attached files (quality items 5–7): only PDF, images, Office documents and plain text, judged
by content; size, count and archive-bomb limits; server-generated storage names; the user's
filename kept only for display. A refused upload writes nothing at all."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from konsultasi.consultations import services
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Attachment, Consultation, Message, Status
from konsultasi.consultations.tests.sample_files import (
    EXCEL,
    EXE,
    JPEG,
    LEGACY_EXCEL,
    LEGACY_POWERPOINT,
    LEGACY_WORD,
    PDF,
    PNG,
    POWERPOINT,
    WEBP,
    WORD,
    office_document,
    zip_of,
)

pytestmark = pytest.mark.usefixtures("english")

MB = 1024 * 1024
CHUNK = 64 * 1024  # the size in which attachments.py reads a text file


def office_document_with_a_corrupt_part() -> bytes:
    intact = zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w>SALINAN</w>"},
        method=zipfile.ZIP_STORED,
    )
    return intact.replace(b"SALINAN", b"SALINAM")  # the CRC no longer matches


def office_bomb(zeros: int, *, compresslevel: int = 1) -> bytes:
    """A Word document whose main part unpacks to `zeros` zero bytes, built in a few writes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = bytes(min(zeros, 8 * MB))
            for _ in range(zeros // len(block)):
                part.write(block)
    return buffer.getvalue()


def office_document_of_many_parts(count: int) -> bytes:
    parts = {f"word/media/image{i}.png": b"x" for i in range(count)}
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", **parts})


def text_cut_at_the_chunk_boundary(before: bytes, after: bytes) -> bytes:
    """Plain text in which `before` ends exactly at the end of the first chunk."""
    return b"a" * (CHUNK - len(before)) + before + after


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def waiting(in_state, media) -> Consultation:
    return in_state(Status.WAITING_STAKEHOLDER)


@pytest.fixture
def provide(waiting, stakeholder_user):
    """provide(file, …) → the stakeholder sends these files for the document request."""

    def send(*files):
        return services.provide_documents(
            actor=stakeholder_user, consultation=waiting, files=list(files)
        )

    return send


def assert_nothing_written(consultation: Consultation, media) -> None:
    assert not Attachment.objects.exists()
    documents = Message.objects.filter(consultation=consultation, kind=Message.Kind.DOCUMENTS)
    assert not documents.exists()
    assert list(media.rglob("*")) == []
    assert Consultation.objects.get(pk=consultation.pk).status == Status.WAITING_STAKEHOLDER


# --- accepted files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        pytest.param("surat-rahasia.pdf", lambda: PDF, "application/pdf", id="pdf"),
        pytest.param("surat-rahasia.png", lambda: PNG, "image/png", id="png"),
        pytest.param("surat-rahasia.jpg", lambda: JPEG, "image/jpeg", id="jpeg"),
        pytest.param("surat-rahasia.gif", lambda: b"GIF87a\x01\x00", "image/gif", id="gif87a"),
        pytest.param("surat-rahasia.gif", lambda: b"GIF89a\x01\x00", "image/gif", id="gif89a"),
        pytest.param("surat-rahasia.webp", lambda: WEBP, "image/webp", id="webp"),
        pytest.param(
            "surat-rahasia.docx", lambda: office_document("word/document.xml"), WORD, id="docx"
        ),
        pytest.param(
            "surat-rahasia.xlsx", lambda: office_document("xl/workbook.xml"), EXCEL, id="xlsx"
        ),
        pytest.param(
            "surat-rahasia.pptx",
            lambda: office_document("ppt/presentation.xml"),
            POWERPOINT,
            id="pptx",
        ),
        pytest.param("surat-rahasia.doc", lambda: LEGACY_WORD, "application/msword", id="doc"),
        pytest.param(
            "surat-rahasia.xls", lambda: LEGACY_EXCEL, "application/vnd.ms-excel", id="xls"
        ),
        pytest.param(
            "surat-rahasia.ppt",
            lambda: LEGACY_POWERPOINT,
            "application/vnd.ms-powerpoint",
            id="ppt",
        ),
        pytest.param(
            "surat-rahasia.txt",
            lambda: "SPM nomor 00123 sudah diajukan, dicek Pak André.\n".encode(),
            "text/plain",
            id="text",
        ),
        pytest.param(
            "surat-rahasia.csv",
            lambda: b"\xef\xbb\xbfno;uraian;nilai\n1;Belanja pegawai;1000000\n",
            "text/plain",
            id="csv-with-bom",
        ),
    ],
)
def test_an_accepted_file_is_stored_with_its_precise_type_under_a_server_generated_name(
    provide, waiting, media, name, build, content_type
):
    content = build()
    provide(SimpleUploadedFile(name, content))
    attachment = Attachment.objects.get(consultation=waiting)
    assert (attachment.original_name, attachment.content_type) == (name, content_type)
    assert attachment.size == len(content)
    assert "surat-rahasia" not in attachment.file.name
    assert re.fullmatch(r"attachments/\d+/[0-9a-f]{32}", attachment.file.name)
    assert (media / attachment.file.name).read_bytes() == content


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"Syarat: a < b dan b > c.\n", id="comparisons"),
        pytest.param(b"Terima kasih <3\n", id="heart"),
        pytest.param(b"nilai <= 5000 dan <-10\n", id="less-than-before-a-sign"),
        pytest.param(b"onload = 3; onerror = 4\n", id="handler-names-outside-a-tag"),
    ],
)
def test_plain_text_that_merely_looks_like_markup_is_accepted(provide, waiting, content):
    provide(SimpleUploadedFile("catatan.txt", content))
    assert Attachment.objects.get(consultation=waiting).content_type == "text/plain"


@pytest.mark.parametrize(
    ("cut", "character"),
    [
        pytest.param(1, "é", id="two-bytes-split-1-1"),
        pytest.param(1, "€", id="three-bytes-split-1-2"),
        pytest.param(2, "€", id="three-bytes-split-2-1"),
        pytest.param(2, "🙂", id="four-bytes-split-2-2"),
        pytest.param(3, "🙂", id="four-bytes-split-3-1"),
    ],
)
def test_a_character_cut_by_the_64_kib_chunk_boundary_is_accepted(provide, waiting, cut, character):
    encoded = character.encode()
    content = text_cut_at_the_chunk_boundary(encoded[:cut], encoded[cut:] + b" selesai\n")
    provide(SimpleUploadedFile("catatan.txt", content))
    assert Attachment.objects.get(consultation=waiting).content_type == "text/plain"


# --- refused files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build"),
    [
        pytest.param("laporan.pdf", lambda: EXE, id="windows-program-named-pdf"),
        pytest.param("laporan.txt", lambda: b"\x7fELF\x02\x01\x01" + bytes(57), id="elf-program"),
        pytest.param("catatan.txt", lambda: b"#!/bin/sh\ncurl x | sh\n", id="shell-script"),
        pytest.param(
            "catatan.txt", lambda: b"\xef\xbb\xbf#!/bin/sh\nid\n", id="shell-script-after-bom"
        ),
        pytest.param(
            "laporan.pdf",
            lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            id="html",
        ),
        pytest.param(
            "gambar.png",
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            id="svg",
        ),
        pytest.param(
            "gambar.png", lambda: b'<?xml version="1.0"?><svg/>', id="svg-with-xml-declaration"
        ),
        pytest.param(
            "catatan.txt",
            lambda: b"\xef\xbb\xbf\n\n  <html><script>alert(1)</script></html>",
            id="html-after-bom-and-newlines",
        ),
        pytest.param(
            "catatan.txt",
            lambda: b"a" * 3000 + b"\n<ScRiPt>alert(1)</script>\n",
            id="script-after-the-first-2-kib",
        ),
        pytest.param(
            "catatan.txt",
            lambda: b"b" * 5000 + b'\n<img src=x onerror="alert(1)">\n',
            id="img-with-event-handler-after-the-first-2-kib",
        ),
        pytest.param(
            "catatan.txt",
            lambda: b'<a:script xmlns:a="http://www.w3.org/1999/xhtml">alert(1)</a:script>',
            id="namespaced-script",
        ),
        pytest.param(
            "catatan.txt",
            lambda: text_cut_at_the_chunk_boundary(b"<scr", b"ipt>alert(1)</script>"),
            id="script-tag-cut-by-the-chunk-boundary",
        ),
        pytest.param(
            "catatan.txt",
            lambda: text_cut_at_the_chunk_boundary(
                b"<img src=x title=" + b"y" * 2000 + b" on", b"error=alert(1)>"
            ),
            id="long-tag-with-handler-cut-by-the-chunk-boundary",
        ),
        pytest.param(
            "catatan.txt", lambda: b"a" * 100_000 + b"\x00" + b"b" * 10, id="nul-late-in-the-file"
        ),
        pytest.param("catatan.txt", lambda: "Laporan café".encode("latin-1"), id="latin-1-text"),
        pytest.param(
            "catatan.txt", lambda: b"a" * 200_000 + b"\xff\n", id="invalid-utf-8-late-in-the-file"
        ),
        pytest.param("catatan.txt", lambda: b"harga 5\xe2\x82", id="utf-8-cut-off-at-the-end"),
        pytest.param("catatan.txt", lambda: b"", id="empty-file"),
        pytest.param(
            "laporan.pdf",
            lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
            id="pdf-html-polyglot",
        ),
        pytest.param(
            "arsip.docx", lambda: zip_of({"catatan.txt": b"isi"}), id="plain-zip-named-docx"
        ),
        pytest.param(
            "arsip.docx",
            lambda: zip_of({"[Content_Types].xml": b"<Types/>", "payload/run.exe": EXE}),
            id="zip-with-content-types-but-no-office-main-part",
        ),
        pytest.param(
            "arsip.docx", office_document_with_a_corrupt_part, id="office-document-corrupt-part"
        ),
        pytest.param("arsip.docx", lambda: b"PK\x03\x04" + bytes(60), id="broken-zip"),
    ],
)
def test_a_file_not_of_an_accepted_type_is_refused_and_nothing_is_written(
    provide, waiting, media, name, build
):
    with pytest.raises(InvalidInput, match=rf"{re.escape(name)} is not an accepted file"):
        provide(SimpleUploadedFile(name, build()))
    assert_nothing_written(waiting, media)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: office_bomb(200 * MB), id="200-mb-of-zeros"),
        pytest.param(lambda: office_bomb(2 * MB), id="a-part-squeezed-more-than-100-to-1"),
        pytest.param(lambda: office_document_of_many_parts(1001), id="more-than-1000-entries"),
    ],
)
def test_an_archive_bomb_is_refused_and_nothing_is_written(provide, waiting, media, build):
    content = build()
    assert len(content) < MB
    with pytest.raises(InvalidInput, match=r"laporan\.docx looks like an archive bomb"):
        provide(SimpleUploadedFile("laporan.docx", content))
    assert_nothing_written(waiting, media)


def test_one_bad_file_among_good_ones_refuses_the_whole_upload(provide, waiting, media):
    files = [
        SimpleUploadedFile("spm.pdf", PDF),
        SimpleUploadedFile("foto.png", PNG),
        SimpleUploadedFile("kuitansi.pdf", EXE),
        SimpleUploadedFile("catatan.txt", b"lihat lampiran"),
    ]
    with pytest.raises(InvalidInput, match=r"kuitansi\.pdf is not an accepted file"):
        provide(*files)
    assert_nothing_written(waiting, media)


# --- limits ------------------------------------------------------------------------------


def test_a_file_of_exactly_10_mb_is_accepted(provide, waiting):
    provide(SimpleUploadedFile("besar.txt", b"a" * (10 * MB)))
    assert Attachment.objects.get(consultation=waiting).size == 10 * MB


def test_a_file_over_10_mb_is_refused_and_nothing_is_written(provide, waiting, media):
    with pytest.raises(InvalidInput, match=r"besar\.txt is larger than 10 MB"):
        provide(SimpleUploadedFile("besar.txt", b"a" * (10 * MB + 1)))
    assert_nothing_written(waiting, media)


def test_more_than_10_files_at_a_time_are_refused_and_nothing_is_written(provide, waiting, media):
    files = [SimpleUploadedFile(f"spm-{i}.pdf", PDF) for i in range(11)]
    with pytest.raises(InvalidInput, match=r"at most 10 files at a time"):
        provide(*files)
    assert_nothing_written(waiting, media)


def fill_with_pdfs(consultation, count, officer, stakeholder_user) -> Consultation:
    """Send `count` PDFs through document requests, ten at a time; ends waiting again."""
    while count:
        batch = min(count, 10)
        files = [SimpleUploadedFile(f"spm-{count - i}.pdf", PDF) for i in range(batch)]
        consultation = services.provide_documents(
            actor=stakeholder_user, consultation=consultation, files=files
        )
        consultation = services.request_documents(
            actor=officer, consultation=consultation, description="Dokumen berikutnya"
        )
        count -= batch
    return consultation


@pytest.mark.parametrize(
    ("already", "more", "accepted"),
    [
        pytest.param(28, 2, True, id="28-plus-2-fills-it-to-30"),
        pytest.param(28, 3, False, id="28-plus-3-would-be-31"),
        pytest.param(30, 1, False, id="30-plus-1"),
    ],
)
def test_a_consultation_holds_at_most_30_files(
    waiting, officer, stakeholder_user, already, more, accepted
):
    c = fill_with_pdfs(waiting, already, officer, stakeholder_user)
    files = [SimpleUploadedFile(f"lagi-{i}.pdf", PDF) for i in range(more)]
    if accepted:
        services.provide_documents(actor=stakeholder_user, consultation=c, files=files)
    else:
        with pytest.raises(InvalidInput, match=r"holds at most 30 files"):
            services.provide_documents(actor=stakeholder_user, consultation=c, files=files)
    assert c.attachments.count() == already + more * accepted


# --- the user's filename -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("C:\\Users\\budi\\Dokumen\\spm.pdf", "spm.pdf", id="windows-path"),
        pytest.param("../../etc/spm.pdf", "spm.pdf", id="unix-path"),
        pytest.param("spm\r\nX-Injected: 1\t.pdf", "spmX-Injected: 1.pdf", id="cr-lf-and-tab"),
        pytest.param("kuitansi\u202efdp.pdf", "kuitansifdp.pdf", id="bidi-override"),
        pytest.param("  spm.pdf  ", "spm.pdf", id="surrounding-spaces"),
        pytest.param("spm\ud800.pdf", "spm.pdf", id="lone-surrogate-from-a-json-body"),
        pytest.param("C:\\Users\\budi\\", "lampiran.pdf", id="nothing-after-the-path"),
        pytest.param("\r\n", "lampiran.pdf", id="only-control-characters"),
        pytest.param("..", "lampiran.pdf", id="dot-dot"),
        pytest.param("a" * 300 + ".pdf", "a" * 251 + ".pdf", id="longer-than-255"),
    ],
)
def test_the_users_filename_is_cleaned_for_display(provide, waiting, raw, shown):
    # ContentFile keeps the name as given, as a file from the API or e-mail would.
    provide(ContentFile(PDF, name=raw))
    attachment = Attachment.objects.get(consultation=waiting)
    assert attachment.original_name == shown
    assert shown not in attachment.file.name
