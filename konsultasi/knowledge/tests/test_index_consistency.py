"""The index follows the data in the same transaction: edits, deletes, rollbacks, resolved
and reopened consultations, and a rebuild after the synonym table changed."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from konsultasi.consultations import services as lifecycle
from konsultasi.consultations.models import Consultation, Status
from konsultasi.knowledge import services
from konsultasi.knowledge.models import ConsultationIndex, Entry, Synonym
from konsultasi.knowledge.search import Audience, search_entries, similar_consultations


def found(query):
    return [hit.entry.slug for hit in search_entries(query, audience=Audience.STAFF)]


def test_an_edited_entry_is_found_by_its_new_words_and_not_its_old(make_entry, section_head):
    entry = make_entry("faq-a", title="Retur gaji")
    entry.title = "Rekonsiliasi laporan keuangan"
    services.save_entry(actor=section_head, entry=entry)
    assert found("retur") == []
    assert found("rekonsiliasi") == ["faq-a"]


def test_an_entry_saved_outside_the_service_is_indexed_all_the_same(make_entry):
    entry = make_entry("faq-b", title="Retur gaji")
    Entry.objects.filter(pk=entry.pk).first().save()  # unchanged text: still found once
    entry.summary = "Penerimaan negara lewat billing"
    entry.save(update_fields=["summary"])
    assert found("billing") == ["faq-b"]
    assert found("retur") == ["faq-b"]


def test_a_deleted_entry_leaves_the_index(make_entry, section_head):
    entry = make_entry("faq-c", title="Retur gaji")
    services.delete_entry(actor=section_head, entry=entry)
    assert found("retur") == []


def test_a_rolled_back_edit_leaves_the_index_as_it_was(make_entry):
    entry = make_entry("faq-d", title="Retur gaji")
    with pytest.raises(RuntimeError), transaction.atomic():
        entry.title = "Kartu kredit"
        entry.save()
        raise RuntimeError("the database went away")
    assert found("retur") == ["faq-d"]
    assert found("kartu") == []


def test_a_resolved_consultation_is_indexed_with_its_answer(in_state, office):
    c = in_state(Status.RESOLVED)  # answer: "Sudah terbit."
    hits = similar_consultations(office=office, text="kapan terbit")
    assert [h.consultation for h in hits] == [c]


def test_a_reopened_consultation_leaves_the_index_until_resolved_again(
    in_state, office, stakeholder_user, officer
):
    c = in_state(Status.RESOLVED)
    lifecycle.reopen(actor=stakeholder_user, consultation=c, reason="Belum bisa")
    assert not ConsultationIndex.objects.filter(consultation=c).exists()
    assert similar_consultations(office=office, text="terbit") == []
    lifecycle.resolve(actor=officer, consultation=c, answer="Sudah diretur ulang")
    assert [h.consultation for h in similar_consultations(office=office, text="retur")] == [c]


def test_an_open_consultation_is_not_indexed(in_state):
    c = in_state(Status.IN_PROGRESS)
    assert not ConsultationIndex.objects.filter(consultation=c).exists()


def test_a_closed_consultation_stays_indexed(in_state, office):
    c = in_state(Status.CLOSED)
    assert [h.consultation for h in similar_consultations(office=office, text="terbit")] == [c]


def test_rebuild_brings_old_rows_up_to_a_new_informal_spelling(make_entry, in_state, office):
    make_entry("faq-e", title="Dokumen diajukan ke KPPN")
    c = in_state(Status.RESOLVED)
    Consultation.objects.filter(pk=c.pk).update(resolution="Dokumen sdh diajukan")
    Synonym.objects.create(kind="informal", term="sdh", meaning="sudah")
    Synonym.objects.create(kind="informal", term="dokumn", meaning="dokumen")
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found("dokumn") == ["faq-e"]
    assert ConsultationIndex.objects.get(consultation=c).terms.split().count("sdh") == 0
    hits = similar_consultations(office=office, text="diajukan")
    assert [h.consultation for h in hits] == [c]


def test_rebuild_reports_what_it_indexed(make_entry, in_state, capsys):
    make_entry("faq-f")
    in_state(Status.RESOLVED)
    call_command("rebuild_search_index")
    assert "1 library entries, 1 resolved consultations" in capsys.readouterr().out
