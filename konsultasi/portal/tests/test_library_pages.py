"""The public library (/pustaka/): stakeholders and visitors search and read public entries;
internal entries never reach them, by search, filter, address, link or PDF."""

import pytest
from django.urls import reverse

from konsultasi.desk.tests.conftest import signed_in
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.services import save_entry
from konsultasi.knowledge.tests import conftest as knowledge
from konsultasi.knowledge.tests.conftest import pdf_with_text

library, make_entry = knowledge.library, knowledge.make_entry  # the library fixtures

SEARCH = reverse("pustaka:library")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "library-results"}


def entry_url(slug, name="pustaka:entry"):
    return reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("who", ["anonymous", "stakeholder_user"])
def test_the_public_finds_public_entries_but_never_internal_ones(request, client, library, who):
    if who != "anonymous":
        signed_in(client, request.getfixturevalue(who))
    for params in ({"q": "retur berulang"}, {"q": "", "kind": "guideline"}, {"q": "rahasia dapur"}):
        page = client.get(SEARCH, params).content.decode()
        assert entry_url("test-internal-sop") not in page
        assert "Rahasia dapur" not in page
    assert entry_url("test-per-retur") in client.get(SEARCH, {"q": "retur"}).content.decode()


def test_an_internal_entrys_address_is_404_like_a_missing_one(client, stakeholder_user, library):
    signed_in(client, stakeholder_user)
    assert client.get(entry_url("test-internal-sop")).status_code == 404
    assert client.get(entry_url("tidak-ada")).status_code == 404


def test_an_internal_entrys_pdf_is_404(client, library):
    internal = library["test-internal-sop"]
    save_entry(actor=None, entry=internal, pdf=pdf_with_text("rahasia"), pdf_name="r.pdf")
    assert client.get(entry_url(internal.slug, "pustaka:pdf")).status_code == 404


def test_a_public_entrys_pdf_downloads_as_an_attachment(client, library):
    public = library["test-per-retur"]
    save_entry(actor=None, entry=public, pdf=pdf_with_text("retur"), pdf_name="retur.pdf")
    response = client.get(entry_url(public.slug, "pustaka:pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_public_entry_amended_by_an_internal_one_does_not_name_it(client, make_entry):
    secret = make_entry("internal-change", title="Perubahan rahasia", is_public=False)
    make_entry("public-old", title="Aturan lama", status="amended", changed_by=secret)
    page = client.get(entry_url("public-old")).content.decode()
    assert "Perubahan rahasia" not in page and entry_url("internal-change") not in page


def test_the_public_page_hides_editors_notes(client, library):
    page = client.get(entry_url("test-per-retur")).content.decode()
    assert "Tanggal belum dicek." not in page


def test_the_entry_body_is_inert(client, make_entry):
    make_entry("faq-x", body='<script>alert(1)</script><a href="javascript:alert(1)">x</a>')
    page = client.get(entry_url("faq-x")).content.decode()
    assert "<script>alert(1)" not in page and "javascript:alert" not in page


def test_results_as_you_type_on_the_phone(client, library):
    page = client.get(SEARCH, {"q": "kkp"}, **HTMX).content.decode()
    assert page.lstrip().startswith('<div id="library-results"')
    assert entry_url("test-pmk-kkp-baru") in page


def test_the_public_search_reads_a_fixed_number_of_queries(
    client, make_entry, office, django_assert_max_num_queries
):
    make_entry("faq-a", title="Retur a")
    client.get(SEARCH, {"q": "retur"})
    with django_assert_max_num_queries(6) as few:
        client.get(SEARCH, {"q": "retur"})
    for n in range(25):
        make_entry(f"faq-{n}", title=f"Retur {n}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(SEARCH, {"q": "retur"}).content.decode()
    assert page.count('class="library-hit"') == 20
    assert Entry.objects.count() == 26
