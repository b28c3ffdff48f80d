"""The library at the desk: search as you type, filters, an entry, its PDF, and the editors'
pages. Officers read everything (internal entries too); only editors change anything."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konsultasi.desk.tests.conftest import signed_in
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.tests import conftest as knowledge
from konsultasi.knowledge.tests.conftest import pdf_with_text

library, make_entry = knowledge.library, knowledge.make_entry  # the library fixtures

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "library-results"}
SEARCH = reverse("desk:library")


def entry_url(slug, name="desk:library_entry"):
    return reverse(name, kwargs={"slug": slug})


def test_an_officer_searches_and_sees_internal_entries_marked(client, officer, library):
    page = signed_in(client, officer).get(SEARCH, {"q": "retur berulang"}).content.decode()
    assert entry_url("test-per-retur") in page
    assert entry_url("test-internal-sop") in page
    assert 'class="tag tag--internal"' in page


def test_results_as_you_type_come_as_the_results_alone(client, officer, library):
    response = signed_in(client, officer).get(SEARCH, {"q": "sp2d"}, **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="library-results"')
    assert "<html" not in page
    assert entry_url("test-pmk-pembayaran") in page


def test_the_filters_narrow_the_results(client, officer, library):
    page = signed_in(client, officer).get(SEARCH, {"q": "", "status": "amended"}).content.decode()
    assert entry_url("test-pmk-kkp-lama") in page
    assert entry_url("test-pmk-kkp-baru") not in page


def test_a_bad_filter_is_a_clear_error_not_a_failure(client, officer, library):
    response = signed_in(client, officer).get(SEARCH, {"q": "x", "year": "dua ribu"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_markup_in_a_search_is_shown_as_text(client, officer, library):
    page = signed_in(client, officer).get(SEARCH, {"q": "<script>alert(1)</script> retur"})
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_search_page_reads_a_fixed_number_of_queries(
    client, officer, make_entry, django_assert_max_num_queries
):
    make_entry("faq-retur-a", title="Retur nomor a", summary="Dana retur dari bank")
    signed_in(client, officer).get(SEARCH, {"q": "retur"})  # warm the session
    with django_assert_max_num_queries(18) as one:
        client.get(SEARCH, {"q": "retur", "kind": "faq"})
    for n in range(30):
        make_entry(f"faq-retur-{n}", title=f"Retur nomor {n}", summary="Dana retur dari bank")
    with django_assert_max_num_queries(len(one)):
        response = client.get(SEARCH, {"q": "retur", "kind": "faq"})
    assert response.content.decode().count('class="library-hit"') == 20


LIVE_RESULTS_QUERIES = 7  # on both databases: the results as you type read no form choices


def test_the_results_as_you_type_read_a_fixed_number_of_queries(
    client, officer, make_entry, django_assert_max_num_queries
):
    for n in range(30):
        make_entry(f"faq-retur-{n}", title=f"Retur nomor {n}", summary="Dana retur dari bank")
    signed_in(client, officer).get(SEARCH, {"q": "retur"}, **HTMX)  # warm the session
    with django_assert_max_num_queries(LIVE_RESULTS_QUERIES):
        response = client.get(SEARCH, {"q": "retur", "kind": "", "service_type": ""}, **HTMX)
    assert response.content.decode().count('class="library-hit"') == 20


def test_a_service_type_filter_is_still_checked_in_the_results_as_you_type(client, officer):
    response = signed_in(client, officer).get(SEARCH, {"q": "x", "service_type": "nope"}, **HTMX)
    assert response.status_code == 400


def test_a_year_refused_as_one_types_is_said_in_the_results(client, officer, library):
    response = signed_in(client, officer).get(SEARCH, {"q": "sp2d", "year": "20"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.lstrip().startswith('<div id="library-results"')
    assert 'class="error-summary"' in page
    assert 'href="#id_year"' in page
    assert 'id="error-summary-title-live"' in page  # not the ids of the page's own summary


def test_the_entry_page_shows_the_body_safely_and_the_amendment(client, officer, make_entry):
    newer = make_entry("pmk-baru", kind="pmk", number="97/PMK.05/2021", title="Perubahan")
    make_entry(
        "lama",
        kind="pmk",
        title="Lama",
        status="amended",
        changed_by=newer,
        body='Isi <img src=x onerror="alert(1)"> [x](javascript:alert(1))',
    )
    page = signed_in(client, officer).get(entry_url("lama")).content.decode()
    assert "onerror" not in page and "javascript:alert" not in page
    assert entry_url("pmk-baru") in page
    newer_page = client.get(entry_url("pmk-baru")).content.decode()
    assert entry_url("lama") in newer_page


def test_a_stakeholder_cannot_open_the_desk_library(client, stakeholder_user, library):
    response = signed_in(client, stakeholder_user).get(SEARCH)
    assert response.status_code == 404


def test_an_officer_may_read_but_not_edit(client, officer, library):
    signed_in(client, officer)
    assert client.get(entry_url("test-per-retur")).status_code == 200
    assert client.get(reverse("desk:library_create")).status_code == 403
    assert client.post(entry_url("test-per-retur", "desk:library_edit"), {}).status_code == 403
    assert (
        client.post(
            entry_url("test-per-retur", "desk:library_delete"), {"confirm": "on"}
        ).status_code
        == 403
    )
    assert Entry.objects.filter(slug="test-per-retur").exists()


def form_data(**changes):
    data = {
        "kind": "faq",
        "number": "",
        "title": "Cara mengajukan retur",
        "slug": "faq-cara-retur",
        "issuer": "",
        "issued_on": "",
        "effective_on": "",
        "status": "in_force",
        "changed_by": "",
        "summary": "Ringkasan",
        "body": "Isi",
        "is_public": "on",
        "notes": "",
        "tags_text": "retur, sp2d, retur",
        "service_type_codes": ["retur"],
    }
    data.update(changes)
    return data


def test_a_section_head_adds_an_entry_with_a_pdf_and_finds_it(client, section_head, office):
    upload = SimpleUploadedFile("peraturan.pdf", pdf_with_text("Rekonsiliasi triwulanan"))
    response = signed_in(client, section_head).post(
        reverse("desk:library_create"), {**form_data(), "pdf": upload}
    )
    assert response.status_code == 302
    entry = Entry.objects.get(slug="faq-cara-retur")
    assert entry.tags == ["retur", "sp2d"]
    assert [t.code for t in entry.service_types.all()] == ["retur"]
    assert entry.attachment_name == "peraturan.pdf"
    page = client.get(SEARCH, {"q": "rekonsiliasi"}).content.decode()
    assert entry_url("faq-cara-retur") in page
    pdf = client.get(entry_url("faq-cara-retur", "desk:library_pdf"))
    assert pdf["Content-Disposition"].startswith("attachment")
    assert pdf["X-Content-Type-Options"] == "nosniff"


def test_a_refused_pdf_keeps_the_form_and_writes_nothing(client, section_head, office):
    upload = SimpleUploadedFile("virus.pdf", b"MZ this is not a pdf")
    response = signed_in(client, section_head).post(
        reverse("desk:library_create"), {**form_data(), "pdf": upload}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Entry.objects.exists()


def test_an_in_force_entry_naming_what_changed_it_is_refused(client, section_head, library):
    other = Entry.objects.get(slug="test-pmk-kkp-baru")
    response = signed_in(client, section_head).post(
        reverse("desk:library_create"), form_data(changed_by=other.pk)
    )
    assert response.status_code == 400
    assert not Entry.objects.filter(slug="faq-cara-retur").exists()


def test_an_edit_changes_what_the_search_finds(client, section_head, library):
    entry = Entry.objects.get(slug="test-per-retur")
    data = form_data(
        slug=entry.slug, kind=entry.kind, title="Pengembalian dana ditolak bank", summary=""
    )
    response = signed_in(client, section_head).post(
        entry_url(entry.slug, "desk:library_edit"), data
    )
    assert response.status_code == 302
    assert entry_url(entry.slug) in client.get(SEARCH, {"q": "pengembalian"}).content.decode()


def test_a_deleted_entry_is_gone_from_the_search(client, section_head, library):
    signed_in(client, section_head)
    response = client.post(entry_url("test-per-retur", "desk:library_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert entry_url("test-per-retur") not in client.get(SEARCH, {"q": "retur"}).content.decode()


def test_deleting_without_confirming_deletes_nothing(client, section_head, library):
    signed_in(client, section_head)
    response = client.post(entry_url("test-per-retur", "desk:library_delete"), {})
    assert response.status_code == 400
    assert Entry.objects.filter(slug="test-per-retur").exists()


@pytest.mark.parametrize("slug", ["tidak-ada", "test-pmk-pembayaran"])
def test_a_missing_pdf_is_404(client, officer, library, slug):
    assert signed_in(client, officer).get(entry_url(slug, "desk:library_pdf")).status_code == 404
