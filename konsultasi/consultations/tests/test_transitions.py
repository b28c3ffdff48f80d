"""Every transition of the consultation lifecycle, through the service layer: the new status,
the event appended, the notifications queued, the clocks' deadlines and the version bump."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from konsultasi.consultations import services
from konsultasi.consultations.errors import (
    ConsultationNotFound,
    InvalidInput,
    StaleEdit,
)
from konsultasi.consultations.models import (
    Attachment,
    DocumentRequest,
    Message,
)
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import (
    PDF,
    STAKEHOLDER,
    assert_event,
    at,
    last_event,
    notified,
    snapshot,
    submit,
)
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import Channel, ServiceType

pytestmark = pytest.mark.usefixtures("english")


# --- intake -----------------------------------------------------------------------------


def test_registering_a_walk_in_starts_the_service_clock_now_with_the_officer(
    office_hours, office, officer, stakeholder, service_type
):
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=stakeholder, subject="SP2D",
        question="Kapan terbit?", service_type=service_type,
    )  # fmt: skip
    assert (c.status, c.assignee, c.version) == (S.IN_PROGRESS, officer, 1)
    assert c.number == "PKU-2026-00001"
    assert c.section == service_type.default_section
    assert c.service_started_at == c.received_at == at(1, 9)
    assert c.service_due_at == at(1, 9, 20)
    assert_event(c, officer, "register_walk_in", "", S.IN_PROGRESS)
    assert notified(c, "received") == STAKEHOLDER
    assert notified(c, "new_consultation") == []


def test_a_stakeholder_submits_a_new_numbered_question_clocked_from_receipt(
    office_hours, office, officer, second_officer, section_head, stakeholder_user
):
    c = submit(stakeholder_user, office)
    assert (c.status, c.assignee, c.version) == (S.NEW, None, 1)
    assert c.number == "PKU-2026-00001"
    assert c.service_started_at == c.received_at == at(1, 9)
    assert c.service_due_at == at(1, 9, 20)
    assert (c.follow_up_due_at, c.progress_due_at, c.auto_close_at) == (None, None, None)
    assert_event(c, stakeholder_user, "submit", "", S.NEW)
    assert c.messages.get().author == stakeholder_user
    assert notified(c, "received") == STAKEHOLDER
    assert notified(c, "new_consultation") == ["officers"]  # one notice, to all of them


def test_a_question_sent_on_saturday_starts_its_clock_at_monday_opening(
    office_hours, office, stakeholder_user
):
    office_hours.move_to(at(5, 10), tick=False)
    c = submit(stakeholder_user, office)
    assert c.received_at == at(5, 10)
    assert c.service_started_at == at(7, 8)
    assert c.service_due_at == at(7, 8, 20)


def test_an_officer_logs_a_contact_received_yesterday_for_a_stakeholder(
    office_hours, office, officer, stakeholder
):
    email = Channel.objects.get(code="email")
    received = at(31, 15, 50, month=8)  # Monday, ten minutes before closing
    c = submit(officer, office, stakeholder=stakeholder, channel=email, received_at=received)
    assert (c.status, c.assignee, c.channel, c.stakeholder) == (S.NEW, None, email, stakeholder)
    assert c.received_at == c.service_started_at == received
    assert c.service_due_at == at(1, 8, 10)  # 10 minutes on Monday, 10 on Tuesday
    assert_event(c, officer, "submit", "", S.NEW)
    assert last_event(c).created_at == at(1, 9)
    assert c.messages.get().author is None  # the stakeholder's words, not the officer's
    assert notified(c, "received") == STAKEHOLDER
    assert notified(c, "new_consultation") == ["officers"]


# --- taking and routing -----------------------------------------------------------------


def test_claiming_takes_a_new_consultation_into_progress(online_consultation, officer):
    c = services.claim(officer=officer, consultation=online_consultation)
    assert (c.status, c.assignee, c.version) == (S.IN_PROGRESS, officer, 2)
    assert c.service_due_at == at(1, 9, 20)
    assert_event(c, officer, "claim", S.NEW, S.IN_PROGRESS)
    assert notified(c, "claimed") == STAKEHOLDER


def test_classifying_sets_the_type_and_its_default_section(in_state, officer, office):
    c = in_state(S.IN_PROGRESS)
    retur = ServiceType.objects.get(office=office, code="retur")
    outbox = OutboxMessage.objects.count()
    c = services.classify(actor=officer, consultation=c, service_type=retur)
    assert (c.status, c.version) == (S.IN_PROGRESS, 4)
    assert (c.service_type, c.section.code) == (retur, "bank")
    assert_event(c, officer, "classify", S.IN_PROGRESS, S.IN_PROGRESS)
    assert last_event(c).data == {"service_type": "retur", "section": "bank"}
    assert OutboxMessage.objects.count() == outbox


def test_a_longer_target_for_the_type_moves_the_service_due_time(in_state, officer, office):
    c = in_state(S.IN_PROGRESS)
    assert c.service_due_at == at(1, 9, 20)
    gaji = ServiceType.objects.get(office=office, code="gaji")
    gaji.target_minutes = 45
    gaji.save()
    c = services.classify(actor=officer, consultation=c, service_type=gaji)
    assert c.service_due_at == at(1, 9, 45)


def test_reassigning_gives_the_consultation_to_another_officer(
    in_state, section_head, officer, second_officer
):
    c = in_state(S.IN_PROGRESS)
    c = services.reassign(actor=section_head, consultation=c, officer=second_officer)
    assert (c.status, c.assignee, c.version) == (S.IN_PROGRESS, second_officer, 4)
    assert_event(c, section_head, "reassign", S.IN_PROGRESS, S.IN_PROGRESS)
    assert last_event(c).data == {"from": officer.pk, "to": second_officer.pk}
    assert notified(c, "assigned") == ["officer2"]


@pytest.mark.parametrize("target", ["outsider", "office_head", "stakeholder_user"])
def test_reassigning_to_someone_who_is_not_an_officer_here_is_refused(
    request, in_state, section_head, target
):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="active officer of this office"):
        services.reassign(
            actor=section_head, consultation=c, officer=request.getfixturevalue(target)
        )
    assert snapshot(c) == before


# --- documents --------------------------------------------------------------------------


def test_requesting_documents_pauses_the_clocks_and_asks_the_stakeholder(in_state, officer):
    c = in_state(S.IN_PROGRESS)
    c = services.request_documents(actor=officer, consultation=c, description="SPM")
    assert (c.status, c.resume_status, c.version) == (S.WAITING_STAKEHOLDER, S.IN_PROGRESS, 4)
    assert (c.service_due_at, c.waiting_since) == (None, at(1, 9))
    assert DocumentRequest.objects.get(consultation=c).description == "SPM"
    assert c.messages.last().kind == Message.Kind.DOCUMENT_REQUEST
    assert_event(c, officer, "request_documents", S.IN_PROGRESS, S.WAITING_STAKEHOLDER, "SPM")
    assert notified(c, "documents_requested") == STAKEHOLDER


def test_two_office_hours_waiting_move_the_service_due_time_two_hours_later(
    in_state, office_hours, stakeholder_user
):
    c = in_state(S.WAITING_STAKEHOLDER)
    office_hours.shift(timedelta(hours=2))
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Terlampir")
    assert (c.status, c.resume_status, c.version) == (S.IN_PROGRESS, "", 5)
    assert (c.service_paused, c.waiting_since) == (timedelta(hours=2), None)
    assert c.service_due_at == at(1, 11, 20)
    assert DocumentRequest.objects.get(consultation=c).fulfilled_at == at(1, 11)
    assert_event(c, stakeholder_user, "provide_documents", S.WAITING_STAKEHOLDER, S.IN_PROGRESS)
    assert notified(c, "documents_provided") == ["officer"]


def test_a_provided_pdf_is_stored_under_a_server_generated_name(
    in_state, stakeholder_user, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    c = in_state(S.WAITING_STAKEHOLDER)
    upload = SimpleUploadedFile("spm.pdf", PDF, content_type="application/pdf")
    c = services.provide_documents(actor=stakeholder_user, consultation=c, files=[upload])
    attachment = Attachment.objects.get(consultation=c)
    assert attachment.original_name == "spm.pdf"
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF))
    assert attachment.uploaded_by == stakeholder_user
    assert attachment.message.kind == Message.Kind.DOCUMENTS
    assert "spm" not in attachment.file.name
    assert (tmp_path / attachment.file.name).read_bytes() == PDF
    assert last_event(c).data == {"files": 1}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", id="exe"),
        pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html"),
        pytest.param(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
        pytest.param(
            b"\xef\xbb\xbf\n<html><script>alert(1)</script></html>",
            id="html-after-bom-and-newline",
        ),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_written(
    in_state, stakeholder_user, settings, tmp_path, content
):
    settings.MEDIA_ROOT = str(tmp_path)
    c = in_state(S.WAITING_STAKEHOLDER)
    before = snapshot(c)
    upload = SimpleUploadedFile("laporan.pdf", content, content_type="application/pdf")
    with pytest.raises(InvalidInput, match=r"laporan\.pdf is not an accepted file"):
        services.provide_documents(actor=stakeholder_user, consultation=c, files=[upload])
    assert snapshot(c) == before
    assert not Attachment.objects.exists()
    assert DocumentRequest.objects.get(consultation=c).fulfilled_at is None
    assert list(tmp_path.rglob("*")) == []


def test_waiting_during_follow_up_moves_the_follow_up_due_time(
    in_state, office_hours, officer, stakeholder_user
):
    c = in_state(S.FOLLOW_UP)
    assert c.follow_up_due_at == at(4, 16)
    c = services.request_documents(actor=officer, consultation=c, description="Rekening koran")
    assert (c.status, c.resume_status) == (S.WAITING_STAKEHOLDER, S.FOLLOW_UP)
    assert (c.follow_up_due_at, c.progress_due_at) == (None, None)
    office_hours.shift(timedelta(hours=2))
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Terlampir")
    assert (c.status, c.follow_up_paused) == (S.FOLLOW_UP, timedelta(hours=2))
    assert c.follow_up_due_at == at(7, 10)  # Friday 16:00 plus two office hours


# --- conversation -----------------------------------------------------------------------


def test_an_officer_reply_is_public_and_tells_the_stakeholder(in_state, officer):
    c = services.reply(actor=officer, consultation=in_state(S.IN_PROGRESS), body="Sebentar")
    message = c.messages.last()
    assert (message.kind, message.is_internal) == (Message.Kind.REPLY, False)
    assert message.author == officer
    assert (c.status, c.version) == (S.IN_PROGRESS, 4)
    assert_event(c, officer, "reply", S.IN_PROGRESS, S.IN_PROGRESS)
    assert notified(c, "officer_reply") == STAKEHOLDER


def test_a_stakeholder_reply_tells_the_assigned_officer(in_state, stakeholder_user):
    c = services.reply(actor=stakeholder_user, consultation=in_state(S.IN_PROGRESS), body="Oke")
    assert c.messages.last().author == stakeholder_user
    assert notified(c, "stakeholder_reply") == ["officer"]
    assert notified(c, "officer_reply") == []


def test_an_internal_note_is_hidden_and_tells_no_one(in_state, officer):
    c = in_state(S.IN_PROGRESS)
    outbox = OutboxMessage.objects.filter(consultation=c).count()
    c = services.add_note(actor=officer, consultation=c, body="Cek SPAN dulu")
    assert (c.messages.last().kind, c.messages.last().is_internal) == (Message.Kind.NOTE, True)
    assert (c.status, c.version) == (S.IN_PROGRESS, 4)
    assert_event(c, officer, "add_note", S.IN_PROGRESS, S.IN_PROGRESS)
    assert OutboxMessage.objects.filter(consultation=c).count() == outbox


# --- answering --------------------------------------------------------------------------


def test_resolving_records_the_answer_and_stops_the_service_clock(in_state, office_hours, officer):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=15))
    c = services.resolve(actor=officer, consultation=c, answer="SP2D terbit hari ini.")
    assert (c.status, c.version, c.resolution) == (S.RESOLVED, 4, "SP2D terbit hari ini.")
    assert c.resolved_at == c.service_ended_at == at(1, 9, 15)
    assert c.service_office_seconds == 15 * 60
    assert (c.service_due_at, c.follow_up_due_at, c.progress_due_at) == (None, None, None)
    assert c.auto_close_at == at(4, 16)  # the quiet period: 3 working days
    assert c.messages.last().kind == Message.Kind.ANSWER
    assert_event(c, officer, "resolve", S.IN_PROGRESS, S.RESOLVED)
    assert notified(c, "resolved") == STAKEHOLDER


def test_handling_time_counts_office_time_only_and_excludes_the_wait(
    in_state, office_hours, officer, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)  # Tuesday 09:00
    office_hours.shift(timedelta(minutes=10))
    c = services.request_documents(actor=officer, consultation=c, description="SPM")
    office_hours.shift(timedelta(days=1))  # Wednesday 09:10: 8 office hours waited
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Ini")
    office_hours.shift(timedelta(minutes=10))
    c = services.resolve(actor=officer, consultation=c, answer="Beres")
    assert c.service_paused == timedelta(hours=8)
    assert c.service_office_seconds == 20 * 60


def test_a_stale_edit_is_refused_and_changes_nothing(in_state, officer):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    with pytest.raises(StaleEdit):
        services.resolve(actor=officer, consultation=c, answer="x", expected_version=c.version - 1)
    assert snapshot(c) == before


def test_deferring_makes_the_follow_up_due_at_close_of_the_third_working_day(
    in_state, office_hours, officer
):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=30))
    c = services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek SPAN")
    assert (c.status, c.version) == (S.FOLLOW_UP, 4)
    assert c.deferred_at == c.service_ended_at == at(1, 9, 30)
    assert (c.service_office_seconds, c.service_due_at) == (30 * 60, None)
    assert c.follow_up_due_at == at(4, 16)  # Tuesday → Friday 16:00 WIB
    assert c.progress_due_at == at(2, 16)  # close of the next working day
    assert_event(c, officer, "defer", S.IN_PROGRESS, S.FOLLOW_UP, "Perlu cek SPAN")
    assert notified(c, "deferred") == STAKEHOLDER


def test_the_follow_up_due_day_skips_the_weekend(in_state, office_hours, officer):
    office_hours.move_to(at(3, 9), tick=False)  # Thursday
    c = in_state(S.IN_PROGRESS)
    c = services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek")
    assert c.follow_up_due_at == at(8, 16)  # Friday, Monday, Tuesday
    assert c.progress_due_at == at(4, 16)


def test_deferring_is_refused_when_the_stakeholder_cannot_be_reached(
    in_state, officer, stakeholder
):
    c = in_state(S.IN_PROGRESS)
    stakeholder.phone = stakeholder.email = ""
    stakeholder.save()
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="phone or e-mail"):
        services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek")
    assert snapshot(c) == before


def test_a_progress_update_moves_the_progress_due_time(in_state, office_hours, officer):
    c = in_state(S.FOLLOW_UP)
    office_hours.shift(timedelta(days=1, hours=1))  # Wednesday 10:00
    c = services.post_progress(actor=officer, consultation=c, body="Masih dicek")
    assert (c.status, c.version, c.progress_counted_from) == (S.FOLLOW_UP, 5, at(2, 10))
    assert (c.progress_due_at, c.follow_up_due_at) == (at(3, 16), at(4, 16))
    assert c.messages.last().kind == Message.Kind.PROGRESS
    assert_event(c, officer, "post_progress", S.FOLLOW_UP, S.FOLLOW_UP)
    assert notified(c, "progress") == STAKEHOLDER


# --- after the answer -------------------------------------------------------------------


def test_the_stakeholder_reopens_within_the_quiet_period_and_a_new_session_starts(
    in_state, office_hours, officer, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=15))
    c = services.resolve(actor=officer, consultation=c, answer="Sudah")
    office_hours.shift(timedelta(days=1))  # Wednesday 09:15
    c = services.reopen(actor=stakeholder_user, consultation=c, reason="Belum terbit")
    assert (c.status, c.assignee, c.version) == (S.IN_PROGRESS, officer, 5)
    assert (c.service_started_at, c.service_due_at) == (at(2, 9, 15), at(2, 9, 35))
    assert (c.resolved_at, c.service_ended_at, c.auto_close_at) == (None, None, None)
    assert c.service_office_seconds == 15 * 60  # the first session's time is kept
    assert_event(c, stakeholder_user, "reopen", S.RESOLVED, S.IN_PROGRESS, "Belum terbit")
    assert notified(c, "reopened") == ["officer"]


def test_reopening_after_the_quiet_period_is_refused(in_state, office_hours, stakeholder_user):
    c = in_state(S.RESOLVED)
    office_hours.move_to(c.auto_close_at, tick=False)
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="has passed"):
        services.reopen(actor=stakeholder_user, consultation=c, reason="Belum")
    assert snapshot(c) == before


def test_the_stakeholder_closes_a_resolved_consultation(in_state, stakeholder_user):
    c = in_state(S.RESOLVED)
    outbox = OutboxMessage.objects.filter(consultation=c).count()
    c = services.close(actor=stakeholder_user, consultation=c)
    assert (c.status, c.closed_at, c.auto_close_at, c.version) == (S.CLOSED, at(1, 9), None, 5)
    assert_event(c, stakeholder_user, "close", S.RESOLVED, S.CLOSED)
    assert OutboxMessage.objects.filter(consultation=c).count() == outbox


def test_the_system_closes_only_once_the_quiet_period_is_over(in_state, office_hours):
    c = in_state(S.RESOLVED)
    office_hours.move_to(c.auto_close_at - timedelta(minutes=1), tick=False)
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="quiet period"):
        services.close(actor=None, consultation=c)
    assert snapshot(c) == before
    office_hours.move_to(c.auto_close_at, tick=False)
    c = services.close(actor=None, consultation=c)
    assert (c.status, c.closed_at, c.version) == (S.CLOSED, at(4, 16), 5)
    assert_event(c, None, "close", S.RESOLVED, S.CLOSED, "quiet period over")


def test_cancelling_without_a_reason_is_refused(in_state, officer):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="reason"):
        services.cancel(actor=officer, consultation=c, reason="  ")
    assert snapshot(c) == before


def test_the_stakeholder_withdraws_their_own_question_and_the_officer_is_told(
    in_state, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)
    c = services.cancel(actor=stakeholder_user, consultation=c, reason="Sudah beres")
    assert (c.status, c.cancel_reason, c.version) == (S.CANCELLED, "Sudah beres", 4)
    assert (c.cancelled_at, c.service_due_at) == (at(1, 9), None)
    assert_event(c, stakeholder_user, "cancel", S.IN_PROGRESS, S.CANCELLED, "Sudah beres")
    assert notified(c, "cancelled") == ["officer"]


def test_an_officer_cancels_a_duplicate_and_the_stakeholder_is_told(in_state, officer):
    c = in_state(S.WAITING_STAKEHOLDER)
    c = services.cancel(actor=officer, consultation=c, reason="Duplikat")
    assert (c.status, c.resume_status, c.waiting_since) == (S.CANCELLED, "", None)
    assert_event(c, officer, "cancel", S.WAITING_STAKEHOLDER, S.CANCELLED, "Duplikat")
    assert notified(c, "cancelled") == STAKEHOLDER


@pytest.mark.parametrize(
    "act",
    [
        pytest.param(lambda u, c: services.reply(actor=u, consultation=c, body="x"), id="reply"),
        pytest.param(
            lambda u, c: services.cancel(actor=u, consultation=c, reason="x"), id="cancel"
        ),
        pytest.param(
            lambda u, c: services.provide_documents(actor=u, consultation=c, note="x"),
            id="provide_documents",
        ),
    ],
)
def test_another_stakeholders_consultation_does_not_exist_for_them(
    in_state, other_stakeholder, act
):
    c = in_state(S.WAITING_STAKEHOLDER)
    before = snapshot(c)
    with pytest.raises(ConsultationNotFound):
        act(other_stakeholder.user, c)
    assert snapshot(c) == before
