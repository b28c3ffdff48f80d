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
from datetime import UTC, datetime
from functools import cache
from typing import TypeVar

import psycopg
from django.conf import settings
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

# ((model, rows, keyed) per part, database alias) -> the statement
_KEPT: dict[tuple, "_Statement"] = {}


def insert_new(rows: list[M]) -> list[M]:
    """Insert new rows of one model and give each its primary key, as `bulk_create` would
    (one statement per batch the database takes), and send `pre_save` and `post_save`
    (created) as `save()` would. A row may come with its key already (`key_reserving_sql`):
    then every row of the call does, and keeps it."""
    if not rows:
        return rows
    model = type(rows[0])
    keyed = _new_rows_of_one_model(rows, "insert_new writes new rows of one model")
    alias = router.db_for_write(model)
    fields = _fields(model, keyed)
    batch = max(1, min(BATCH_AT_MOST, connections[alias].ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        statement = _statement(((model, len(part), keyed),), alias)
        _write(statement, alias, [part])
    return rows


def insert_new_together(*groups: list[Model]) -> None:
    """New rows of several models, a list per model, in as few statements as their keys allow:
    on PostgreSQL each model's INSERT is one data-modifying `WITH` of a single statement, so
    the rows cost the database one round trip, not one per model; elsewhere one model after
    another, as `insert_new` writes them. A row may name a row of an earlier list: if that
    one has no key yet, the lists before it are written first (a statement gives its keys
    only once it has run), so reserve the key with the row it depends on where the database
    can (`key_reserving_sql`) to keep them in one statement.

    The signals are sent as `insert_new` sends them, but in one statement every row's
    `pre_save` comes before anything is written and every `post_save` after all is."""
    groups = tuple(group for group in groups if group)
    if not groups:
        return
    for group in groups:  # every list checked before anything is written
        _new_rows_of_one_model(group, "insert_new_together writes new rows, one model per list")
    alias = router.db_for_write(type(groups[0][0]))
    if not _writes_together(connections[alias]) or any(
        router.db_for_write(type(group[0])) != alias or len(group) > BATCH_AT_MOST
        for group in groups
    ):
        for group in groups:
            insert_new(group)
        return
    pending: list[list[Model]] = []
    for group in groups:
        if pending and any(_names_a_row_without_a_key(row) for row in group):
            _insert_together(pending, alias)
            pending = []
        pending.append(group)
    _insert_together(pending, alias)


def key_reserving_sql(model: type[Model], connection) -> str | None:
    """An SQL expression that takes the next key of `model` from its table's sequence. It is
    asked for in another statement that runs anyway (the number of a consultation), so that a
    new row can be given its key before it is written, and the rows that name it can go in
    the same statement as it (`insert_new_together`). None where the database keeps no
    sequence apart from its rows (SQLite gives a key only by inserting).

    The database role needs USAGE on the sequence for this (a column's own default does
    not ask for it): the role that owns the tables has it."""
    if not _writes_together(connection):
        return None
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table).replace("'", "''")
    column = meta.pk.column.replace("'", "''")
    return f"nextval(pg_get_serial_sequence('{table}', '{column}'))"


def _writes_together(connection) -> bool:
    return connection.vendor == "postgresql"


def _new_rows_of_one_model(rows: Sequence[Model], refusal: str) -> bool:
    """Check that `rows` are new rows of one model, all with their keys or none (ValueError,
    `refusal` otherwise); whether they come with their keys."""
    model = type(rows[0])
    if any(type(row) is not model or not row._state.adding for row in rows):
        raise ValueError(refusal)
    return _keyed(rows)


def _keyed(rows: Sequence[Model]) -> bool:
    keyed = rows[0].pk is not None
    if any((row.pk is not None) is not keyed for row in rows):
        raise ValueError("insert_new writes rows that all come with their keys, or none")
    return keyed


def _names_a_row_without_a_key(row: Model) -> bool:
    """Whether `row` names a related row not written yet (whose key only its insert gives)."""
    for field in row._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.is_cached(row):
            related = field.get_cached_value(row)
            if related is not None and related.pk is None:
                return True
    return False


def _insert_together(groups: list[list[Model]], alias: str) -> None:
    parts = tuple((type(group[0]), len(group), _keyed(group)) for group in groups)
    _write(_statement(parts, alias), alias, groups)


def _write(statement: "_Statement", alias: str, groups: Sequence[Sequence[M]]) -> None:
    """Run `statement` with the values of `groups` (one list per part of the statement) and
    give every row the key the database gave it."""
    connection = connections[alias]
    params = []
    for group, fields in zip(groups, statement.fields, strict=True):
        params += _values(group, fields, alias, connection)
    # The query log (DEBUG, the tests' query counts) renders a statement in `%s` placeholders.
    native = statement.native_sql is not None and not connection.queries_logged
    with _cursor(connection, native) as cursor:
        cursor.execute(statement.native_sql if native else statement.sql, params)
        returned = cursor.fetchall()
    keys: list[list] = [[] for _ in groups]
    for row in returned:
        keys[row[0] if len(groups) > 1 else 0].append(row[-1])
    for group, given in zip(groups, keys, strict=True):
        if len(given) != len(group):
            name = type(group[0]).__name__
            raise RuntimeError(f"{name}: {len(group)} rows sent, {len(given)} returned")
        _keys_given(group, given, alias)


def _values(rows: Sequence[Model], fields, alias: str, connection) -> list:
    model = type(rows[0])
    announce_before = pre_save.has_listeners(model)
    params = []
    for row in rows:
        # A related row saved after it was assigned gives its id now, as in save().
        row._prepare_related_fields_for_save(operation_name="insert_new")  # type: ignore[attr-defined]
        if announce_before:
            pre_save.send(model, instance=row, raw=False, using=alias, update_fields=None)
        for field, plain in fields:
            value = field.pre_save(row, True)
            kind = type(value)
            if kind in plain and (kind is not datetime or value.utcoffset() is not None):
                params.append(value)
            else:
                params.append(field.get_db_prep_save(value, connection))
    return params


def _keys_given(rows: Sequence[Model], keys: list, alias: str) -> None:
    model = type(rows[0])
    announce_after = post_save.has_listeners(model)
    for row, key in zip(rows, keys, strict=True):
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
    # Per model it writes, in order: the fields whose values it takes, each with the kinds of
    # value its preparation gives back as they are (`_given_back`): such a value is sent
    # without asking.
    fields: tuple[tuple[tuple[Field, tuple[type, ...]], ...], ...]
    native_sql: str | None  # the same in PostgreSQL's own placeholders ($1, $2…): see _cursor


# Fields whose `get_db_prep_save` only checks a value of this kind and gives it back (a str
# subclass, such as a choice, is still asked: the check is of the exact kind). Their
# subclasses are not listed: they may prepare otherwise.
_GIVEN_BACK: dict[type[Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.BooleanField: (bool,),
}
_AWARE_SAMPLE = datetime(2000, 1, 1, tzinfo=UTC)


def _given_back(field: Field, connection) -> tuple[type, ...]:
    """The exact kinds of value that `field` would send as they are."""
    if isinstance(field, models.ForeignKey):  # its target's id, on an integer key, or none
        target = field.target_field
        integer = isinstance(target, (AutoFieldMixin, models.IntegerField))
        return (int, type(None)) if integer else ()
    if type(field) is models.DateTimeField:
        # An aware instant (a naive one is asked: it is warned of and made aware), or none,
        # where the database takes it as it is (PostgreSQL; SQLite writes text).
        as_it_is = connection.ops.adapt_datetimefield_value(_AWARE_SAMPLE) is _AWARE_SAMPLE
        return (datetime, type(None)) if as_it_is and settings.USE_TZ else ()
    return _GIVEN_BACK.get(type(field), ())


def _statement(parts: tuple[tuple[type[Model], int, bool], ...], alias: str) -> _Statement:
    """The statement writing, per part, `count` rows of `model` (`keyed`: with their keys)."""
    key = (parts, alias)
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        kept = _KEPT[key] = _build(parts, alias)
    return kept


@cache
def _fields(model: type[Model], keyed: bool = False) -> tuple[Field, ...]:
    """The columns an INSERT of the model names: all but its key, which the database gives,
    unless the rows come `keyed`."""
    meta = model._meta
    if model.save is not Model.save and not getattr(model, "NEW_ROWS_NEED_NO_SAVE", False):
        raise NotForKeptInserts(f"{model.__name__} has a save() of its own: use the ORM")
    if not isinstance(meta.pk, AutoFieldMixin):
        raise NotForKeptInserts(f"{model.__name__}: its key is not the database's to give")
    fields = tuple(field for field in meta.concrete_fields if keyed or field is not meta.pk)
    for field in fields:
        if field.generated or field.has_db_default() or hasattr(field, "get_placeholder"):
            raise NotForKeptInserts(f"{model.__name__}.{field.name}: insert it with the ORM")
    return fields


def _build(parts: tuple[tuple[type[Model], int, bool], ...], alias: str) -> _Statement:
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotForKeptInserts(f"{connection.vendor} cannot return the keys of an insert")
    quote = connection.ops.quote_name
    inserts, fields_kinds = [], []
    for model, count, keyed in parts:
        meta, fields = model._meta, _fields(model, keyed)
        columns = ", ".join(quote(field.column) for field in fields)
        one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        inserts.append(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
            f"VALUES {', '.join([one_row] * count)} RETURNING {quote(meta.pk.column)}"
        )
        fields_kinds.append(tuple((field, _given_back(field, connection)) for field in fields))
    sql = inserts[0] if len(inserts) == 1 else _together(parts, inserts, quote)
    native_sql = None
    if _binds_on_the_server(connection):
        places = iter(range(1, sql.count("%s") + 1))
        native_sql = re.sub("%s", lambda _: f"${next(places)}", sql)
    return _Statement(sql, tuple(fields_kinds), native_sql)


def _together(parts, inserts: list[str], quote) -> str:
    """The inserts as one statement: each model's rows in a WITH of their own, and their keys
    given back tagged with their part."""
    withs, keys = [], []
    for n, ((model, _, _), insert) in enumerate(zip(parts, inserts, strict=True)):
        name = quote(f"new_{n}")
        withs.append(f"{name} AS ({insert})")
        keys.append(f"SELECT {n}, {quote(model._meta.pk.column)} FROM {name}")  # noqa: S608
    return f"WITH {', '.join(withs)} {' UNION ALL '.join(keys)}"


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
