"""The library's test world: a tiny library and synonym table (tests/data, written for the
tests, not the starter library), and a way to make one entry through the service."""

from pathlib import Path

import pytest

from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.reference_library import load_reference_library
from konsultasi.knowledge.services import save_entry

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def library(office):
    """The five entries of tests/data (one internal, one amended by another) and its synonyms
    (SP2D, SPM, KKP, UP; yg, gmn, blm, ngajuin)."""
    load_reference_library(DATA)
    return {entry.slug: entry for entry in Entry.objects.all()}


@pytest.fixture
def make_entry(db):
    """make_entry(slug, **fields) → an entry saved through the service (by the loader's
    hand: no actor)."""

    def make(slug: str, *, service_types=None, **fields) -> Entry:
        fields.setdefault("kind", "faq")
        fields.setdefault("title", slug.replace("-", " "))
        return save_entry(actor=None, entry=Entry(slug=slug, **fields), service_types=service_types)

    return make


def pdf_with_text(words: str) -> bytes:
    """A one-page PDF whose text is `words` (ASCII), built by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({words}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
