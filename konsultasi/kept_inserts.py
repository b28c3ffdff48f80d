"""New rows written with an INSERT built once per process (the writing side of kept_queries).

`Model.save()` and `bulk_create` build their INSERT anew for every call: the insert query set
up, each field compiled into its placeholder, the statement assembled and its returned columns
converted. The statement depends only on the model, the database and how many rows it carries,
so `insert_new` keeps it per those and sends each call's values into it. The values themselves
are prepared as Django prepares them (each field's `pre_save`, then `get_db_prep_save`: the
`auto_now` stamps, the JSON and the time zones), and the signals `save()` sends are sent when
something listens to them.

At 1,000,000 consultations on PostgreSQL a submission's four inserts (the consultation, its
question, its history line and its notices) were nearly half of its Python; kept, its CPU
went from 7.4 to 6.2 ms (bench/RESULTS.md, sessions 20 and 21).

For new rows of plain models only: a field that writes an expression or a placeholder of its
own, a database default or a generated column is refused (use the ORM for those), and so is a
model with a `save()` of its own, which would not be called, unless it says that its `save()`
does nothing a new row needs (`NEW_ROWS_NEED_NO_SAVE`)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import psycopg
from django.db import connections, models, router
from django.db.models import Field, Model
from django.db.models.fields import AutoFieldMixin
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=Model)


class NotForKeptInserts(TypeError):
    """A model (or a database) whose new rows `insert_new` cannot write as `save()` would:
    the caller is to use the ORM for it."""


# Rows in one statement at most (a statement is kept per row count), and statements kept per
# process at most.
BATCH_AT_MOST = 100
KEPT_AT_MOST = 200

# (model, database alias, rows) -> the statement
_KEPT: dict[tuple, "_Statement"] = {}


def insert_new(rows: list[M]) -> list[M]:
    """Insert new rows of one model and give each its primary key, as `bulk_create` would
    (one statement per batch the database takes), and send `pre_save` and `post_save`
    (created) as `save()` would."""
    if not rows:
        return rows
    model = type(rows[0])
    if any(type(row) is not model or not row._state.adding for row in rows):
        raise ValueError("insert_new writes new rows of one model")
    alias = router.db_for_write(model)
    fields = _fields(model)
    batch = max(1, min(BATCH_AT_MOST, connections[alias].ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), batch):
        _insert(model, alias, rows[start : start + batch])
    return rows


def _insert(model: type[M], alias: str, rows: Sequence[M]) -> None:
    connection = connections[alias]
    statement = _statement(model, alias, len(rows))
    announce_before = pre_save.has_listeners(model)
    announce_after = post_save.has_listeners(model)
    params = []
    for row in rows:
        # A related row saved after it was assigned gives its id now, as in save().
        row._prepare_related_fields_for_save(operation_name="insert_new")  # type: ignore[attr-defined]
        if announce_before:
            pre_save.send(model, instance=row, raw=False, using=alias, update_fields=None)
        for field, plain in statement.fields:
            value = field.pre_save(row, True)
            params.append(
                value if type(value) is plain else field.get_db_prep_save(value, connection)
            )
    # The query log (DEBUG, the tests' query counts) renders a statement in `%s` placeholders.
    native = statement.native_sql is not None and not connection.queries_logged
    with _cursor(connection, native) as cursor:
        cursor.execute(statement.native_sql if native else statement.sql, params)
        keys = cursor.fetchall()
    if len(keys) != len(rows):
        raise RuntimeError(f"{model.__name__}: {len(rows)} rows sent, {len(keys)} returned")
    for row, (key,) in zip(rows, keys, strict=True):
        row.pk = key
        row._state.adding = False
        row._state.db = alias
        if announce_after:
            post_save.send(
                model, instance=row, created=True, update_fields=None, raw=False, using=alias
            )


@dataclass(frozen=True)
class _Statement:
    sql: str
    # The fields whose values it takes, in order, each with the kind of value (str, int, bool)
    # its preparation gives back as it is, if any: such a value is sent without asking.
    fields: tuple[tuple[Field, type | None], ...]
    native_sql: str | None  # the same in PostgreSQL's own placeholders ($1, $2…): see _cursor


# Fields whose `get_db_prep_save` only checks a value of this kind and gives it back (a str
# subclass, such as a choice, is still asked: the check is of the exact kind). Their
# subclasses are not listed: they may prepare otherwise.
_GIVEN_BACK: dict[type[Field], type] = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.BooleanField: bool,
}


def _given_back(field: Field) -> type | None:
    if isinstance(field, models.ForeignKey):  # its target's id, on an integer key
        target = field.target_field
        return int if isinstance(target, (AutoFieldMixin, models.IntegerField)) else None
    return _GIVEN_BACK.get(type(field))


def _statement(model: type[Model], alias: str, count: int) -> _Statement:
    key = (model, alias, count)
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        kept = _KEPT[key] = _build(model, alias, count)
    return kept


@cache
def _fields(model: type[Model]) -> tuple[Field, ...]:
    """The columns an INSERT of the model names: all but its key, which the database gives."""
    meta = model._meta
    if model.save is not Model.save and not getattr(model, "NEW_ROWS_NEED_NO_SAVE", False):
        raise NotForKeptInserts(f"{model.__name__} has a save() of its own: use the ORM")
    if not isinstance(meta.pk, AutoFieldMixin):
        raise NotForKeptInserts(f"{model.__name__}: its key is not the database's to give")
    fields = tuple(field for field in meta.concrete_fields if field is not meta.pk)
    for field in fields:
        if field.generated or field.has_db_default() or hasattr(field, "get_placeholder"):
            raise NotForKeptInserts(f"{model.__name__}.{field.name}: insert it with the ORM")
    return fields


def _build(model: type[Model], alias: str, count: int) -> _Statement:
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotForKeptInserts(f"{connection.vendor} cannot return the keys of an insert")
    meta, pk, fields = model._meta, model._meta.pk, _fields(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        f"VALUES {', '.join([one_row] * count)} RETURNING {quote(pk.column)}"
    )
    native_sql = None
    if _binds_on_the_server(connection):
        places = iter(range(1, len(fields) * count + 1))
        native_sql = re.sub("%s", lambda _: f"${next(places)}", sql)
    fields_kinds = tuple((field, _given_back(field)) for field in fields)
    return _Statement(sql, fields_kinds, native_sql)


def _binds_on_the_server(connection) -> bool:
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    )


def _cursor(connection, native: bool):
    """The connection's cursor; for a statement in PostgreSQL's own placeholders, a psycopg
    RawCursor in Django's wrapper (errors, query log, the broken-transaction check). The
    driver parses a statement in `%s` placeholders to number them, and keeps the parse only
    for statements of at most 50 values: a submission's notices, seven rows of 18, were parsed
    anew every time, a tenth of its Python. Only where the connection binds on the server (the
    statements prepared, `settings.postgresql_options`): RawCursor always does."""
    if not native:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # As Django's own `cursor()` wraps the cursor it makes.
        return connection._prepare_cursor(psycopg.RawCursor(connection.connection))
