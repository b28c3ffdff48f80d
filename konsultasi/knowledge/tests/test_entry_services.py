"""Keeping entries: who may, what is refused, the PDF and its text, bodies made safe, and
citations on a consultation."""

import pytest

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Status
from konsultasi.errors import InvalidInput
from konsultasi.knowledge import services
from konsultasi.knowledge.models import Citation, Entry, EntryStatus
from konsultasi.knowledge.search import Audience, search_entries
from konsultasi.knowledge.tests.conftest import pdf_with_text


def new_entry(**fields):
    return Entry(slug=fields.pop("slug", "faq-baru"), kind="faq", title="Judul", **fields)


def test_a_section_head_may_add_an_entry_and_an_officer_may_not(section_head, officer):
    services.save_entry(actor=section_head, entry=new_entry())
    with pytest.raises(PermissionDenied):
        services.save_entry(actor=officer, entry=new_entry(slug="faq-lain"))
    assert list(Entry.objects.values_list("slug", flat=True)) == ["faq-baru"]


def test_a_superuser_may_keep_the_library(django_user_model, db):
    root = django_user_model.objects.create_superuser("root", password="x")
    services.save_entry(actor=root, entry=new_entry())
    assert Entry.objects.count() == 1


def test_an_entry_needs_a_title(section_head):
    with pytest.raises(InvalidInput):
        services.save_entry(actor=section_head, entry=Entry(slug="x", kind="faq", title="  "))
    assert Entry.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>Isi",
        '<img src="x" onerror="alert(1)">Isi',
        "[klik](javascript:alert(1)) Isi",
        '<a href="javascript:alert(1)" onclick="alert(1)">klik</a> Isi',
        "<iframe src='https://example.com'></iframe>Isi",
        '<p style="background:url(javascript:alert(1))">Isi</p>',
    ],
    ids=["script", "onerror", "markdown-js-link", "html-js-link", "iframe", "style"],
)
def test_markup_in_a_body_is_made_inert(section_head, body):
    entry = services.save_entry(actor=section_head, entry=new_entry(body=body))
    html = entry.body_html.lower()
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<iframe", "style=", "<img"):
        assert dangerous not in html
    assert "isi" in html


def test_a_body_keeps_its_markdown_and_safe_links(section_head):
    body = "## Syarat\n\n- **SPM** asli\n- [Laman DJPb](https://djpb.kemenkeu.go.id)\n"
    entry = services.save_entry(actor=section_head, entry=new_entry(body=body))
    assert "<h3>Syarat</h3>" in entry.body_html
    assert "<strong>SPM</strong>" in entry.body_html
    assert 'href="https://djpb.kemenkeu.go.id"' in entry.body_html
    assert "noopener" in entry.body_html


def test_the_text_of_an_attached_pdf_is_searchable(section_head):
    pdf = pdf_with_text("Ketentuan rekonsiliasi bulanan")
    entry = services.save_entry(
        actor=section_head, entry=new_entry(), pdf=pdf, pdf_name="juknis rekon.pdf"
    )
    assert "rekonsiliasi" in entry.attachment_text.lower()
    # Stored under a name of our own, never the uploaded one.
    assert entry.attachment.name.startswith("library/")
    assert "juknis" not in entry.attachment.name
    hits = search_entries("rekonsiliasi", audience=Audience.STAFF)
    assert [h.entry for h in hits] == [entry]


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00 an executable renamed", b"<svg onload=alert(1)>", b"%PDF-1.4 then garbage"],
    ids=["exe", "svg", "broken-pdf"],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_and_nothing_saved(section_head, data):
    with pytest.raises(InvalidInput):
        services.save_entry(actor=section_head, entry=new_entry(), pdf=data, pdf_name="x.pdf")
    assert Entry.objects.count() == 0


def test_an_in_force_entry_names_nothing_that_changed_it(make_entry, section_head):
    newer = make_entry("baru")
    entry = new_entry(status=EntryStatus.IN_FORCE, changed_by=newer)
    services.save_entry(actor=section_head, entry=entry)
    assert entry.changed_by is None


def test_an_entry_cannot_amend_itself(make_entry, section_head):
    entry = make_entry("sendiri")
    entry.status, entry.changed_by = EntryStatus.AMENDED, entry
    with pytest.raises(InvalidInput):
        services.save_entry(actor=section_head, entry=entry)


# --- citations -----------------------------------------------------------------------------


def test_an_officer_cites_an_entry_once(in_state, officer, make_entry):
    c = in_state(Status.IN_PROGRESS)
    entry = make_entry("faq-cite")
    services.cite_entry(actor=officer, consultation=c, entry=entry)
    services.cite_entry(actor=officer, consultation=c, entry=entry)
    assert list(c.citations.values_list("entry__slug", flat=True)) == ["faq-cite"]


def test_an_internal_entry_cannot_be_cited_to_a_stakeholder(in_state, officer, make_entry):
    c = in_state(Status.IN_PROGRESS)
    with pytest.raises(InvalidInput):
        services.cite_entry(actor=officer, consultation=c, entry=make_entry("x", is_public=False))
    assert Citation.objects.count() == 0


def test_an_officer_of_another_office_cannot_cite_on_this_offices_consultation(
    in_state, outsider, make_entry
):
    c = in_state(Status.IN_PROGRESS)
    with pytest.raises(ConsultationNotFound):
        services.cite_entry(actor=outsider, consultation=c, entry=make_entry("y"))


def test_a_stakeholder_cannot_cite(in_state, stakeholder_user, make_entry):
    c = in_state(Status.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.cite_entry(actor=stakeholder_user, consultation=c, entry=make_entry("z"))


def test_a_cited_entry_cannot_be_deleted(in_state, officer, section_head, make_entry):
    c = in_state(Status.IN_PROGRESS)
    entry = make_entry("dikutip")
    services.cite_entry(actor=officer, consultation=c, entry=entry)
    with pytest.raises(InvalidInput):
        services.delete_entry(actor=section_head, entry=entry)
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_a_citation_can_be_withdrawn_while_open(in_state, officer, make_entry):
    c = in_state(Status.IN_PROGRESS)
    entry = make_entry("tarik")
    services.cite_entry(actor=officer, consultation=c, entry=entry)
    services.withdraw_citation(actor=officer, consultation=c, entry=entry)
    assert Citation.objects.count() == 0
