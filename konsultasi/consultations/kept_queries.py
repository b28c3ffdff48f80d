"""Queries built once per process and run again with each request's values.

Building a query through the ORM (filters resolved, joins set up, SQL compiled) can cost more
CPU than running it on an index: the inbox page's two queries took about 3 ms of Python to
build and 0.3–1.3 ms to run, at 50,000 consultations as at 1,000,000. When nothing but some
values changes between two requests (the request's instants, a page cursor, the ids of a page),
the query is built once with stand-ins for those values, its SQL kept with their places marked,
and run again with each request's own values.

The stand-ins are values no request has (instants in the year 1001, negative ids), so a
parameter equal to one is the place of that value and nothing else. A value the query does
not take as a parameter (the builder branched on it) would not be found in the SQL: it must
then be part of the key instead.

On PostgreSQL the same SQL text, run again, is what lets the connection prepare it
(`settings.postgresql_options`): planning the inbox rows' seven-table join cost the server
1.5 ms a page, more than running it; prepared, PostgreSQL keeps a generic plan and plans no more
(0.05 ms)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

# Kept queries per process: the cache is emptied when it is full (a key holds an officer and
# their filters; a worker serves a few offices).
KEPT_AT_MOST = 1000

_FIRST_INSTANT = datetime(1001, 1, 1, tzinfo=UTC)
_FIRST_ID = -1_000_000_001


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the value named so goes among the parameters."""

    name: str


@dataclass(frozen=True, slots=True)
class _Kept:
    sql: str | None  # None: the query can have no rows (Django sends none)
    params: tuple
    converters: tuple  # (position, converters) for what the driver returns raw (SQLite's dates)


_KEPT: dict[tuple, _Kept] = {}


def kept_rows(
    key: tuple, build: Callable[[Mapping[str, Any]], QuerySet], values: Mapping[str, Any]
) -> list[tuple]:
    """The rows of `build(values)`, a `values_list` query, as tuples. Its SQL is built once
    per `key` (and database) with stand-ins for `values`, datetimes and integers, which
    `build` may only pass on as the operands of filters."""
    full_key = (connection.vendor, *key)
    kept = _KEPT.get(full_key)
    if kept is None:
        kept = _keep(build, values)
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        _KEPT[full_key] = kept
    if kept.sql is None:
        return []
    params = [
        _adapt(values[param.name]) if isinstance(param, _Place) else param for param in kept.params
    ]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        rows = cursor.fetchall()
    if not kept.converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        values_of_row = list(row)
        for position, (converters, expression) in kept.converters:
            value = values_of_row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            values_of_row[position] = value
        converted.append(tuple(values_of_row))
    return converted


def _keep(build: Callable[[Mapping[str, Any]], QuerySet], values: Mapping[str, Any]) -> _Kept:
    stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(values.items())}
    queryset = build(stand_ins)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Kept(sql=None, params=(), converters=())
    places = {_adapt(stand_in): name for name, stand_in in stand_ins.items()}
    marked = tuple(
        _Place(places[param]) if _hashable(param) and param in places else param for param in params
    )
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    return _Kept(sql=sql, params=marked, converters=tuple(converters.items()))


def _stand_in(index: int, value: Any) -> Any:
    if isinstance(value, datetime):
        return _FIRST_INSTANT + timedelta(seconds=index + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return _FIRST_ID - index
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _adapt(value: Any) -> Any:
    """The value as the ORM hands it to the driver (a string on SQLite for an instant)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
