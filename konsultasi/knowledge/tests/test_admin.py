"""The Django admin keeps the library through the same service: terms and sanitized body
recomputed, a PDF's text extracted, a file that is not a PDF refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.search import Audience, search_entries
from konsultasi.knowledge.tests.conftest import pdf_with_text


@pytest.fixture
def admin_client(client, django_user_model, db):
    """A superuser in the Django admin (the conftest's admin_user is an office role)."""
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


def add(client, **extra):
    data = {
        "slug": "faq-admin",
        "kind": "faq",
        "title": "Jawaban dari admin",
        "status": "in_force",
        "tags": "[]",
        "is_public": "on",
        "body": "<script>alert(1)</script>Isi",
        **extra,
    }
    return client.post(reverse("admin:knowledge_entry_add"), data)


def test_an_entry_added_in_the_admin_is_searchable_with_its_pdf(admin_client, db):
    response = add(admin_client, pdf=SimpleUploadedFile("a.pdf", pdf_with_text("Rekonsiliasi")))
    assert response.status_code == 302
    entry = Entry.objects.get(slug="faq-admin")
    assert "<script" not in entry.body_html
    assert [h.entry for h in search_entries("rekonsiliasi", audience=Audience.STAFF)] == [entry]


def test_a_file_that_is_not_a_pdf_is_refused_in_the_admin(admin_client, db):
    response = add(admin_client, pdf=SimpleUploadedFile("a.pdf", b"MZ nope"))
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_the_synonym_admin_rebuilds_the_index(admin_client, db):
    from konsultasi.knowledge.models import Synonym

    synonym = Synonym.objects.create(kind="informal", term="yg", meaning="yang")
    response = admin_client.post(
        reverse("admin:knowledge_synonym_changelist"),
        {"action": "rebuild_index", "_selected_action": [synonym.pk]},
    )
    assert response.status_code == 302
