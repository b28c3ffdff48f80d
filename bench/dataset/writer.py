"""Rows written in bulk, beneath the ORM: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples in the order of the attribute names a table is declared with, or model
instances (every concrete field, so a column added to the model later is written too).
Values are converted as Django would store them; ids are given by the generator, and the
PostgreSQL sequences are moved past them at the end."""

import json
import time
from collections.abc import Callable
from datetime import UTC

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.duration import duration_microseconds

Converter = Callable | None


def _sqlite_datetime(value):
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ")[:-6]  # as Django stores it: naive UTC, without "+00:00"


def _sqlite_duration(value):
    return None if value is None else duration_microseconds(value)


def _json(value):
    return json.dumps(value)


def _file(value):
    return str(value) if value else ""


def _converter(field: models.Field, vendor: str) -> Converter:
    kind = field.get_internal_type()
    if kind == "JSONField":
        return _json
    if kind == "FileField":
        return _file
    if vendor != "sqlite":
        return None
    return {
        "DateTimeField": _sqlite_datetime,
        "DurationField": _sqlite_duration,
        "UUIDField": lambda value: None if value is None else value.hex,
        "DateField": lambda value: None if value is None else value.isoformat(),
        "TimeField": lambda value: None if value is None else value.isoformat(),
    }.get(kind)


class Table:
    def __init__(self, model: type[models.Model], columns: str | None):
        concrete = {f.attname: f for f in model._meta.concrete_fields}
        fields = (
            [concrete[name] for name in columns.split()] if columns else list(concrete.values())
        )
        self.model = model
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        converters = [_converter(f, connection.vendor) for f in fields]
        self.converted = [(i, c) for i, c in enumerate(converters) if c is not None]
        self.rows: list[tuple] = []
        self.written = 0
        self.index = {name: i for i, name in enumerate(self.attnames)}
        blank = model()
        self.defaults = [getattr(blank, name) for name in self.attnames]

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def add_values(self, values: dict) -> None:
        """A row from some of its attributes; the others keep the model's defaults (so a
        column added to the model later gets its default without an instance per row)."""
        row = self.defaults.copy()
        for name, value in values.items():
            row[self.index[name]] = value
        self.rows.append(tuple(row))

    def add_instance(self, obj: models.Model) -> None:
        self.rows.append(tuple(getattr(obj, name) for name in self.attnames))

    def _prepared(self):
        if not self.converted:
            return self.rows
        prepared = []
        for row in self.rows:
            values = list(row)
            for i, convert in self.converted:
                values[i] = convert(values[i])
            prepared.append(values)
        return prepared

    def flush(self, cursor) -> int:
        if not self.rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        rows = self._prepared()
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.columns))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        count = len(self.rows)
        self.written += count
        self.rows = []
        return count


class BulkWriter:
    """Buffers rows of many tables and writes them together, one transaction per batch, so
    that rows and the rows they refer to always commit together."""

    def __init__(self, batch_rows: int = 50_000):
        self.batch_rows = batch_rows
        self.tables: dict[type[models.Model], Table] = {}
        self.writing = 0.0  # seconds spent in the database
        if connection.vendor == "sqlite":
            # A loading session only: the indexes of a million rows want more than SQLite's
            # 2 MB page cache, and a crash mid-load means generating again anyway.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -1000000")
                cursor.execute("PRAGMA synchronous = OFF")

    def table(self, model: type[models.Model], columns: str | None = None) -> Table:
        """The table of `model`: rows as tuples of `columns` (attribute names, separated by
        spaces), or with no columns, as instances with every concrete field."""
        if model not in self.tables:
            self.tables[model] = Table(model, columns)
        return self.tables[model]

    @property
    def buffered(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    @property
    def written(self) -> int:
        return sum(t.written for t in self.tables.values())

    def maybe_flush(self) -> None:
        if self.buffered >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        began = time.perf_counter()
        self._write()
        self.writing += time.perf_counter() - began

    def _write(self) -> None:
        with transaction.atomic(), connection.cursor() as django_cursor:
            # The driver's own cursor: COPY, and executemany without Django's placeholder
            # rewriting (the SQL above is already in the driver's style).
            cursor = django_cursor.cursor
            if connection.vendor == "postgresql":
                # Foreign keys unchecked while loading, as pg_restore --disable-triggers
                # does: half the load time. The same rows go into SQLite with its foreign
                # keys on, which is where a dangling reference would show.
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                cursor = connection.connection.cursor()
            for table in self.tables.values():
                table.flush(cursor)

    def finish(self) -> None:
        self.flush()
        models_written = [t.model for t in self.tables.values()]
        sql = connection.ops.sequence_reset_sql(no_style(), models_written)
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label: t.written for t in self.tables.values()}
