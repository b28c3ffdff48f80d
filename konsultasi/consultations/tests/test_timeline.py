"""The consultation's timeline: one ordered list of what was said and done, each fact once,
internal matters only for staff, in a fixed number of queries."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konsultasi.consultations import services
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import PDF
from konsultasi.consultations.timeline import consultation_timeline, last_changed_by


def kinds(entries) -> list[str]:
    return [e.event.action if e.kind == "event" else e.kind for e in entries]


def test_a_new_question_shows_its_submission_then_the_question(online_consultation):
    entries = consultation_timeline(online_consultation, include_internal=True)
    assert kinds(entries) == ["question", "submit"]
    assert entries[0].body == online_consultation.question


def test_the_whole_life_of_a_consultation_reads_in_order_each_fact_once(
    office_hours, in_state, officer, section_head, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(60)
    c = services.request_documents(actor=officer, consultation=c, description="Salinan SPM")
    office_hours.shift(60)
    upload = SimpleUploadedFile("spm.pdf", PDF, content_type="application/pdf")
    c = services.provide_documents(actor=stakeholder_user, consultation=c, files=[upload])
    office_hours.shift(60)
    c = services.add_note(actor=officer, consultation=c, body="Cek ke seksi")
    office_hours.shift(60)
    c = services.escalate(actor=officer, consultation=c, reason="Mohon arahan")
    office_hours.shift(60)
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Sudah sesuai")
    office_hours.shift(60)
    c = services.reply(actor=officer, consultation=c, body="Mohon ditunggu")
    office_hours.shift(60)
    c = services.resolve(actor=officer, consultation=c, answer="SP2D terbit hari ini")

    entries = consultation_timeline(c, include_internal=True)

    assert kinds(entries) == [
        "question", "submit", "claim", "classify", "document_request", "documents", "note",
        "escalation", "note", "answer_escalation", "reply", "answer",
    ]  # fmt: skip
    request = entries[4].document_request
    assert request.description == "Salinan SPM" and request.fulfilled_at is not None
    assert [a.original_name for a in entries[5].attachments] == ["spm.pdf"]
    assert entries[7].escalation.answered_by == section_head
    assert entries[8].internal and entries[8].body == "Sudah sesuai"
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_a_classification_names_the_service_type_and_section(in_state):
    c = in_state(S.IN_PROGRESS)
    classify = [e for e in consultation_timeline(c, include_internal=True) if e.kind == "event"][-1]
    assert classify.details == {
        "service_type": c.service_type.name,
        "section": c.section.name,
    }


def test_a_reassignment_names_both_officers(in_state, officer, second_officer, section_head):
    c = in_state(S.IN_PROGRESS)
    c = services.reassign(actor=section_head, consultation=c, officer=second_officer)
    event = consultation_timeline(c, include_internal=True)[-1]
    assert event.event.action == "reassign"
    assert event.details == {"from": str(officer), "to": str(second_officer)}


def test_a_deferral_keeps_its_reason(in_state, officer):
    c = in_state(S.FOLLOW_UP)
    event = consultation_timeline(c, include_internal=True)[-1]
    assert (event.event.action, event.body) == ("defer", "Perlu cek")


def test_the_stakeholder_sees_no_internal_note_escalation_or_reassignment(
    in_state, officer, second_officer, section_head
):
    c = in_state(S.IN_PROGRESS)
    c = services.add_note(actor=officer, consultation=c, body="Rahasia")
    c = services.escalate(actor=officer, consultation=c, reason="Mohon arahan")
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Internal")
    c = services.reassign(actor=section_head, consultation=c, officer=second_officer)

    entries = consultation_timeline(c, include_internal=False)

    assert not [e for e in entries if e.internal]
    assert "note" not in kinds(entries) and "escalation" not in kinds(entries)
    assert "reassign" not in kinds(entries)
    assert "Rahasia" not in [e.body for e in entries]


def test_the_timeline_reads_in_the_same_number_of_queries_however_long_it_is(
    office_hours, in_state, officer, second_officer, section_head
):
    def queries(c) -> int:
        with CaptureQueriesContext(connection) as captured:
            consultation_timeline(c, include_internal=True)
        return len(captured)

    short = in_state(S.IN_PROGRESS)
    long = in_state(S.IN_PROGRESS)
    for round_ in range(3):
        office_hours.shift(60)
        long = services.reply(actor=officer, consultation=long, body=f"Balasan {round_}")
        long = services.add_note(actor=officer, consultation=long, body="Catatan")
        long = services.request_documents(actor=officer, consultation=long, description="SPM")
        long = services.provide_documents(
            actor=officer,
            consultation=long,
            files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
        )
        long = services.escalate(actor=officer, consultation=long, reason="Arahan")
        long = services.answer_escalation(actor=section_head, consultation=long, answer="OK")
        long = services.reassign(actor=section_head, consultation=long, officer=second_officer)
        long = services.reassign(actor=section_head, consultation=long, officer=officer)
    short = services.reassign(actor=section_head, consultation=short, officer=second_officer)
    short = services.request_documents(actor=second_officer, consultation=short, description="X")
    short = services.provide_documents(
        actor=second_officer,
        consultation=short,
        files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    short = services.escalate(actor=second_officer, consultation=short, reason="Arahan")

    assert len(consultation_timeline(long, include_internal=True)) > 30
    assert queries(long) == queries(short)


def test_the_last_change_is_credited_to_whoever_made_it(in_state, officer, section_head):
    c = in_state(S.IN_PROGRESS)
    assert last_changed_by(c) == officer
    c = services.add_note(actor=section_head, consultation=c, body="Catatan")
    assert last_changed_by(c) == section_head
