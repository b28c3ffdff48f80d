"""Refusals the person did not cause by what they typed are said in the site's look and words;
for an action done in place (htmx), as a notice for the panel rather than a page inside it."""

from django.template.loader import render_to_string
from django.test import Client

from konsultasi.desk.tests.conftest import signed_in


def test_an_unknown_address_is_a_page_in_the_sites_words(client):
    response = client.get("/tidak-ada-di-sini/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page
    assert 'class="skip-link"' in page  # the site's frame


def test_a_desk_page_without_the_right_is_refused_in_the_sites_words(client, officer):
    response = signed_in(client, officer).get("/desk/pustaka/tambah/")  # editors only
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Tidak diizinkan</h1>" in page
    assert 'href="/desk/"' in page


def test_a_form_sent_with_an_expired_token_says_what_to_do(officer):
    browser = signed_in(Client(enforce_csrf_checks=True), officer)
    response = browser.post("/desk/kontak/baru/", {"q": "siti"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Halaman sudah kedaluwarsa" in page
    assert "Salin yang sudah Anda ketik" in page
    assert "Tombol Kembali pada peramban" in page


def test_an_expired_token_in_place_is_a_notice_not_a_page(officer):
    browser = signed_in(Client(enforce_csrf_checks=True), officer)
    response = browser.post(
        "/desk/kontak/baru/",
        {"q": "siti"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/desk/kontak/baru/",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "<html" not in page
    assert 'role="alert"' in page
    assert 'href="/desk/kontak/baru/"' in page
    assert response["HX-Reswap"] == "afterbegin"  # above the form: what was typed stays


def test_a_page_gone_when_asked_for_in_place_is_a_notice_above_what_was_there(client, officer):
    response = signed_in(client, officer).get(
        "/desk/k/PKU-2026-99999/aksi/selesaikan/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert "<html" not in response.content.decode()
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert response["HX-Reswap"] == "afterbegin"


def test_the_server_error_page_needs_no_request():
    page = render_to_string("500.html")
    assert "<h1>" in page
    assert "Terjadi kesalahan" in page
