"""Rows written by an INSERT kept per process read back as the ORM's own save writes them:
every column, the `auto_now` stamps, JSON, choices and lazy texts, each row with its own key,
and the signals `save()` sends; on either database."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from konsultasi.accounts.models import User
from konsultasi.consultations.models import Consultation, Event, Message, Status
from konsultasi.kept_inserts import (
    BATCH_AT_MOST,
    NotForKeptInserts,
    insert_new,
    insert_new_together,
    key_reserving_sql,
)
from konsultasi.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def notice(office, consultation, n=0, **fields):
    return OutboxMessage(
        office=office,
        consultation=consultation,
        kind="new_consultation",
        channel=OutboxMessage.Channel.IN_APP,
        subject=f"Pertanyaan {n}",
        body="Ada pertanyaan baru.",
        **fields,
    )


def stored(row) -> dict:
    fresh = type(row).objects.get(pk=row.pk)
    return {"pk": fresh.pk, **model_to_dict(fresh), "created_at": fresh.created_at}


def test_a_row_reads_back_as_the_orms_save_writes_it(office, online_consultation, officer):
    by_orm = notice(office, online_consultation, recipient=officer, language="en")
    by_orm.save()
    (kept,) = insert_new([notice(office, online_consultation, recipient=officer, language="en")])
    orm_row, kept_row = stored(by_orm), stored(kept)
    assert kept_row["pk"] != orm_row["pk"]
    different = {"pk", "id", "delivery_key", "created_at"}
    assert {k: v for k, v in kept_row.items() if k not in different} == {
        k: v for k, v in orm_row.items() if k not in different
    }


def test_the_auto_now_stamp_is_set_on_the_row_and_stored(office, online_consultation):
    before = timezone.now()
    (row,) = insert_new([notice(office, online_consultation)])
    assert before <= row.created_at <= timezone.now()
    assert stored(row)["created_at"] == row.created_at


def test_an_instant_in_another_zone_is_stored_as_the_same_instant(online_consultation):
    in_jakarta = timezone.now().astimezone(ZoneInfo("Asia/Jakarta"))
    (event,) = insert_new(
        [Event(consultation=online_consultation, action="x", created_at=in_jakarta)]
    )
    assert Event.objects.get(pk=event.pk).created_at == in_jakarta


def test_a_naive_instant_is_warned_of_and_stored_as_save_stores_it(online_consultation):
    naive = datetime(2026, 3, 3, 9, 30)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        (event,) = insert_new(
            [Event(consultation=online_consultation, action="x", created_at=naive)]
        )
    expected = timezone.make_aware(naive, timezone.get_default_timezone())
    assert Event.objects.get(pk=event.pk).created_at == expected


def test_json_a_choice_and_a_lazy_text_are_stored_as_plain_values(online_consultation):
    (event,) = insert_new(
        [
            Event(
                consultation=online_consultation,
                action="submit",
                from_status="",
                to_status=Status.NEW,
                reason=gettext_lazy("Cancel"),
                data={"channel": "online", "nested": [1, "dua", None]},
                created_at=timezone.now(),
            )
        ]
    )
    fresh = Event.objects.get(pk=event.pk)
    assert fresh.data == {"channel": "online", "nested": [1, "dua", None]}
    assert type(fresh.to_status) is str and fresh.to_status == "new"
    assert fresh.reason == str(gettext_lazy("Cancel"))


def test_many_rows_each_get_their_own_key_across_batches(office, online_consultation):
    rows = [notice(office, online_consultation, n) for n in range(BATCH_AT_MOST * 2 + 5)]
    insert_new(rows)
    assert len({row.pk for row in rows}) == len(rows)
    stored_subjects = dict(OutboxMessage.objects.values_list("pk", "subject"))
    assert all(stored_subjects[row.pk] == row.subject for row in rows)


def test_seven_rows_are_one_statement(office, online_consultation, django_assert_num_queries):
    rows = [notice(office, online_consultation, n) for n in range(7)]
    with django_assert_num_queries(1):
        insert_new(rows)


def test_post_save_is_sent_for_each_new_row_as_save_sends_it(office, online_consultation):
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.pk, created, kwargs["raw"]))

    post_save.connect(listener, sender=OutboxMessage)
    try:
        rows = insert_new([notice(office, online_consultation, n) for n in range(3)])
    finally:
        post_save.disconnect(listener, sender=OutboxMessage)
    assert heard == [(row.pk, True, False) for row in rows]


def test_a_row_that_is_saved_already_is_refused(office, online_consultation):
    row = notice(office, online_consultation)
    row.save()
    with pytest.raises(ValueError, match="new rows"):
        insert_new([row])


def test_rows_of_two_models_are_refused_before_anything_is_written(office, online_consultation):
    event = Event(consultation=online_consultation, action="x", created_at=timezone.now())
    queued = OutboxMessage.objects.count()
    with pytest.raises(ValueError, match="one model"):
        insert_new([notice(office, online_consultation), event])
    assert OutboxMessage.objects.count() == queued


def test_a_model_with_a_save_of_its_own_is_refused(office):
    with pytest.raises(NotForKeptInserts, match="save"):
        insert_new([User(username="baru")])


def test_nothing_to_write_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_new([]) == []


# --- rows of several models together -----------------------------------------------------


def question_of(consultation, body="Dana retur?"):
    return Message(consultation=consultation, kind=Message.Kind.QUESTION, body=body)


def history_line(consultation):
    return Event(consultation=consultation, action="submit", created_at=timezone.now())


_copies = itertools.count(1)


def copy_of(consultation, *, save=False):
    """A new consultation as `consultation`, under a number of its own (saved: its key given by
    the database)."""
    fields = {
        field.attname: getattr(consultation, field.attname)
        for field in Consultation._meta.concrete_fields
        if not field.primary_key
    }
    copy = Consultation(**{**fields, "number": f"SALINAN-{next(_copies)}", "client_token": None})
    return insert_new([copy])[0] if save else copy


def test_rows_of_several_models_together_each_get_their_own_key(office, online_consultation):
    asked, line = question_of(online_consultation), history_line(online_consultation)
    notices = [notice(office, online_consultation, n) for n in range(3)]
    insert_new_together([asked], [line], notices)
    assert Message.objects.get(pk=asked.pk).body == "Dana retur?"
    assert Event.objects.get(pk=line.pk).action == "submit"
    stored_subjects = dict(OutboxMessage.objects.values_list("pk", "subject"))
    assert [stored_subjects[row.pk] for row in notices] == [row.subject for row in notices]


def test_rows_together_are_one_statement_where_the_database_can(
    office, online_consultation, django_assert_num_queries
):
    groups = [question_of(online_consultation)], [history_line(online_consultation)]
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        insert_new_together(*groups)


def test_a_row_naming_a_row_not_written_yet_waits_for_its_key(office, online_consultation):
    consultation = copy_of(online_consultation)
    asked = question_of(consultation)
    insert_new_together([consultation], [asked])
    assert consultation.pk is not None and consultation.pk != online_consultation.pk
    assert Message.objects.get(pk=asked.pk).consultation_id == consultation.pk


def test_a_key_reserved_before_keeps_the_rows_in_one_statement(
    office, online_consultation, django_assert_num_queries
):
    if key_reserving_sql(Consultation, connection) is None:
        pytest.skip("this database gives a key only by inserting")
    consultation = copy_of(online_consultation)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key_reserving_sql(Consultation, connection)}")
        (consultation.pk,) = cursor.fetchone()
    reserved = consultation.pk
    asked = question_of(consultation)
    with django_assert_num_queries(1):
        insert_new_together([consultation], [asked])
    assert consultation.pk == reserved
    assert Message.objects.get(pk=asked.pk).consultation_id == reserved
    # The sequence went past it: the next row the database numbers gets another key.
    assert copy_of(online_consultation, save=True).pk > reserved


def test_a_row_given_its_key_keeps_it(office, online_consultation):
    chosen = 987_654_321
    row = notice(office, online_consultation, pk=chosen)
    insert_new([row])
    assert row.pk == chosen
    assert OutboxMessage.objects.get(pk=chosen).subject == row.subject


def test_rows_with_and_without_keys_in_one_list_are_refused(office, online_consultation):
    keyed = notice(office, online_consultation, pk=10_000)
    with pytest.raises(ValueError, match="keys"):
        insert_new([keyed, notice(office, online_consultation)])
    assert not OutboxMessage.objects.filter(pk=10_000).exists()


def test_a_later_list_mixing_keys_is_refused_before_anything_is_written(
    office, online_consultation
):
    queued = OutboxMessage.objects.count()
    mixed = [notice(office, online_consultation, pk=10_000), notice(office, online_consultation)]
    with pytest.raises(ValueError, match="keys"):
        insert_new_together([notice(office, online_consultation)], mixed)
    assert OutboxMessage.objects.count() == queued


def test_a_list_of_two_models_together_is_refused_before_anything_is_written(
    office, online_consultation
):
    queued = OutboxMessage.objects.count()
    mixed = [history_line(online_consultation), notice(office, online_consultation)]
    with pytest.raises(ValueError, match="one model per list"):
        insert_new_together([notice(office, online_consultation)], mixed)
    assert OutboxMessage.objects.count() == queued


def test_post_save_is_sent_for_rows_written_together(office, online_consultation):
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((sender, instance.pk, created))

    post_save.connect(listener, sender=Message)
    post_save.connect(listener, sender=OutboxMessage)
    try:
        asked, queued = question_of(online_consultation), notice(office, online_consultation)
        insert_new_together([asked], [queued])
    finally:
        post_save.disconnect(listener, sender=Message)
        post_save.disconnect(listener, sender=OutboxMessage)
    assert heard == [(Message, asked.pk, True), (OutboxMessage, queued.pk, True)]
