import pytest
from django.db import DatabaseError, connection, transaction

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Event, Status
from konsultasi.notifications.models import OutboxMessage


def test_the_orm_refuses_to_change_an_event(online_consultation):
    event = Event.objects.get(consultation=online_consultation)
    event.reason = "rewritten"
    with pytest.raises(TypeError, match="append-only"):
        event.save()


def test_the_orm_refuses_to_delete_an_event(online_consultation):
    event = Event.objects.get(consultation=online_consultation)
    with pytest.raises(TypeError, match="append-only"):
        event.delete()


def test_the_orm_refuses_bulk_updates_and_deletes_of_events(online_consultation):
    with pytest.raises(TypeError):
        Event.objects.all().update(reason="x")
    with pytest.raises(TypeError):
        Event.objects.all().delete()


def test_the_database_refuses_to_update_an_event_behind_the_orms_back(online_consultation):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE consultations_event SET reason = 'forged'")
    assert Event.objects.get(consultation=online_consultation).reason == ""


def test_the_database_refuses_to_delete_an_event_on_postgresql(online_consultation):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps deletes possible for the test runner's flush")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM consultations_event")
    assert Event.objects.filter(consultation=online_consultation).exists()


def test_a_consultation_with_history_cannot_be_deleted(online_consultation):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Consultation.objects.filter(pk=online_consultation.pk).delete()


def test_a_failure_while_queueing_notifications_leaves_nothing_half_written(
    in_state, officer, monkeypatch
):
    c = in_state(Status.IN_PROGRESS)
    events, outbox = Event.objects.count(), OutboxMessage.objects.count()

    def outbox_down(**kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr("konsultasi.consultations.notify.queue_notification", outbox_down)
    with pytest.raises(DatabaseError):
        services.resolve(actor=officer, consultation=c, answer="Jawaban")

    c.refresh_from_db()
    assert (c.status, c.resolution, c.resolved_at) == (Status.IN_PROGRESS, "", None)
    assert (Event.objects.count(), OutboxMessage.objects.count()) == (events, outbox)
    assert not c.messages.filter(kind="answer").exists()


def test_a_failure_after_the_upload_leaves_no_file_behind(
    in_state, stakeholder_user, monkeypatch, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    c = in_state(Status.WAITING_STAKEHOLDER)

    def outbox_down(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr("konsultasi.consultations.notify.tell_staff", outbox_down)
    with pytest.raises(DatabaseError):
        services.provide_documents(
            actor=stakeholder_user,
            consultation=c,
            files=[SimpleUploadedFile("spm.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    c.refresh_from_db()
    assert (c.status, c.attachments.count()) == (Status.WAITING_STAKEHOLDER, 0)
