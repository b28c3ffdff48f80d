from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from konsultasi.conftest import make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Event, Status
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.reference_data import load_pekanbaru


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


# The triggers are the log's last line of defence, and easy to lose without a sound: on SQLite
# any later migration that alters an Event column rebuilds the table, and the rebuilt table has
# no triggers. Whatever migration does that must put them back, or these tests fail.
# pg_trigger.tgtype bits (PostgreSQL's include/catalog/pg_trigger.h).
PG_ROW, PG_BEFORE, PG_DELETE, PG_UPDATE = 1, 2, 8, 16


def guarded_statements() -> dict[str, set[str]]:
    """Which statements each enabled BEFORE trigger on the event table stands in front of."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, upper(sql) FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'consultations_event'"
            )
            return {
                name: {verb for verb in ("UPDATE", "DELETE") if f"BEFORE {verb} ON" in sql}
                for name, sql in cursor.fetchall()
            }
        cursor.execute(
            "SELECT tgname, tgtype FROM pg_trigger"
            " WHERE tgrelid = 'consultations_event'::regclass AND NOT tgisinternal"
            " AND tgenabled <> 'D'"  # a disabled trigger guards nothing
        )
        return {
            name: {
                verb for verb, bit in (("UPDATE", PG_UPDATE), ("DELETE", PG_DELETE)) if kind & bit
            }
            for name, kind in cursor.fetchall()
            if kind & PG_ROW and kind & PG_BEFORE
        }


def behind_the_orms_back(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_the_guard_triggers_exist_after_all_migrations(db):
    guards = guarded_statements()
    if connection.vendor == "sqlite":
        assert guards == {
            "consultations_event_no_update": {"UPDATE"},
            "consultations_event_no_delete": {"DELETE"},
        }
    else:
        assert guards == {"consultations_event_append_only": {"UPDATE", "DELETE"}}


def test_the_database_refuses_to_update_an_event_behind_the_orms_back(online_consultation):
    with pytest.raises(DatabaseError, match="append-only"):
        behind_the_orms_back("UPDATE consultations_event SET reason = 'forged'")
    assert Event.objects.get(consultation=online_consultation).reason == ""


def test_the_database_refuses_to_delete_an_event_behind_the_orms_back(online_consultation):
    with pytest.raises(DatabaseError, match="append-only"):
        behind_the_orms_back("DELETE FROM consultations_event")
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


@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_still_empties_the_log_and_leaves_the_guard_closed(
    online_consultation,
):
    call_command("flush", interactive=False, verbosity=0)

    assert not Event.objects.exists()
    assert not Consultation.objects.exists()
    office = load_pekanbaru()
    stakeholder = make_stakeholder(office, "satker")
    services.submit_question(actor=stakeholder.user, office=office, subject="s", question="q")
    with pytest.raises(DatabaseError, match="append-only"):
        behind_the_orms_back("DELETE FROM consultations_event")
    assert Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_flush_the_operator_cancels_deletes_nothing(online_consultation, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = StringIO()

    call_command("flush", interactive=True, stdout=out)

    assert "cancelled" in out.getvalue()
    assert Event.objects.filter(consultation=online_consultation).exists()
