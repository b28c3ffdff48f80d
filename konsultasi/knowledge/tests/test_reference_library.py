"""The starter library's loader: idempotent, keyed by slug, links made after all are in,
silent about missing files except to say so."""

from django.core.management import call_command

from konsultasi.knowledge.models import Entry, Synonym
from konsultasi.knowledge.reference_library import load_reference_library
from konsultasi.knowledge.tests.conftest import DATA


def test_loading_twice_creates_nothing_twice(office):
    load_reference_library(DATA)
    counts = Entry.objects.count(), Synonym.objects.count()
    said = load_reference_library(DATA)
    assert (Entry.objects.count(), Synonym.objects.count()) == counts == (5, 9)
    assert "0 entries created, 0 updated, 5 unchanged" in said


def test_an_amended_entry_links_to_the_one_that_amended_it_even_if_that_comes_later(office):
    load_reference_library(DATA)
    old = Entry.objects.get(slug="test-pmk-kkp-lama")
    assert old.changed_by.slug == "test-pmk-kkp-baru"


def test_entries_get_the_service_types_their_codes_name(office):
    load_reference_library(DATA)
    entry = Entry.objects.get(slug="test-per-retur")
    assert [t.code for t in entry.service_types.all()] == ["retur"]


def test_an_entry_changed_by_hand_is_brought_back_to_the_file_by_slug(office):
    load_reference_library(DATA)
    Entry.objects.filter(slug="test-per-retur").update(title="Diubah")
    said = load_reference_library(DATA)
    assert Entry.objects.get(slug="test-per-retur").title == "Tata Cara Penyelesaian Retur SP2D"
    assert "1 updated" in said


def test_synonyms_the_admin_added_are_kept(office):
    Synonym.objects.create(kind="informal", term="sdh", meaning="sudah")
    load_reference_library(DATA)
    assert Synonym.objects.filter(term="sdh").exists()


def test_missing_files_load_nothing_and_say_so(office, tmp_path):
    said = load_reference_library(tmp_path)
    assert "not found" in said
    assert Entry.objects.count() == Synonym.objects.count() == 0


def test_load_reference_data_loads_the_library_too(db, capsys, settings, monkeypatch):
    monkeypatch.setattr("konsultasi.knowledge.reference_library.REFERENCE_DIR", DATA)
    call_command("load_reference_data")
    assert Entry.objects.count() == 5
    assert "Library: 5 entries created" in capsys.readouterr().out


def test_an_entry_the_loader_cannot_take_is_named_and_the_rest_loaded(office, tmp_path):
    import json

    items = [
        {"slug": "ok", "kind": "faq", "title": "Cara retur", "status": "in_force"},
        {"slug": "no-title", "kind": "faq", "title": " ", "status": "in_force"},
        {"slug": "odd-kind", "kind": "novel", "title": "X", "status": "in_force"},
    ]
    (tmp_path / "library.json").write_text(json.dumps({"entries": items}))
    said = load_reference_library(tmp_path)
    assert list(Entry.objects.values_list("slug", flat=True)) == ["ok"]
    assert "no-title" in said and "odd-kind" in said
