"""Queries built once per process and run again with each request's values.

Building a query through the ORM (filters resolved, joins set up, SQL compiled) can cost more
CPU than running it on an index: the inbox page's two queries took about 3 ms of Python to
build and 0.3–1.3 ms to run, at 50,000 consultations as at 1,000,000. When nothing but some
values changes between two requests (the request's instants, a page cursor, the ids of a page),
the query is built once with stand-ins for those values, its SQL kept with their places marked,
and run again with each request's own values.

The stand-ins are values no request has (instants in the year 1001, negative ids, texts no
one types), so a parameter equal to one is the place of that value and nothing else. A value
the query does not take as a parameter (the builder branched on it) would not be found in the
SQL: it must then be part of the key instead. A text is refused when it is not found as it is
given: a lookup that rewrites it (`contains` wraps it in %) would keep the stand-in instead.

`kept_rows` gives a `values_list` query's tuples; `kept_objects` a model query's instances,
with the rows `select_related` names, as the ORM would build them.

On PostgreSQL the same SQL text, run again, is what lets the connection prepare it
(`settings.postgresql_options`): planning the inbox rows' seven-table join cost the server
1.5 ms a page, more than running it; prepared, PostgreSQL keeps a generic plan and plans no more
(0.05 ms)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]

# Kept queries per process: the cache is emptied when it is full (a key holds an officer and
# their filters; a worker serves a few offices).
KEPT_AT_MOST = 1000

_FIRST_INSTANT = datetime(1001, 1, 1, tzinfo=UTC)
_FIRST_ID = -1_000_000_001
_TEXT_STAND_IN = "\u27e8kept stand-in {}\u27e9"


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the value named so goes among the parameters."""

    name: str


@dataclass(frozen=True, slots=True)
class _Kept:
    sql: str | None  # None: the query can have no rows (Django sends none)
    params: tuple
    converters: tuple  # (position, converters) for what the driver returns raw (SQLite's dates)
    # A model query's: the model, its columns' attribute names and where they are in a row,
    # and what builds the related rows `select_related` joined in.
    model: type[Model] | None = None
    init_list: tuple = ()
    own_columns: slice | None = None
    related: tuple = ()
    annotations: tuple = ()  # (attribute, position)


_KEPT: dict[tuple, _Kept] = {}

M = TypeVar("M", bound=Model)


def kept_rows(
    key: tuple, build: Callable[[Mapping[str, Any]], QuerySet], values: Mapping[str, Any]
) -> list[tuple]:
    """The rows of `build(values)`, a `values_list` query, as tuples. Its SQL is built once
    per `key` (and database) with stand-ins for `values`, datetimes, integers and texts,
    which `build` may only pass on as the operands of filters."""
    return _run(_kept(("rows", *key), build, values), values)


def kept_objects(
    key: tuple, build: Callable[[Mapping[str, Any]], "QuerySet[M]"], values: Mapping[str, Any]
) -> list[M]:
    """The instances of `build(values)`, a query of one model that may `select_related` and
    annotate (no prefetching), built as the ORM builds them. Stand-ins as for `kept_rows`."""
    kept = _kept(("objects", *key), build, values)
    objects: list[M] = []
    for row in _run(kept, values):
        found = kept.model.from_db(connection.alias, kept.init_list, row[kept.own_columns])  # type: ignore[union-attr,index]
        for populator in kept.related:
            populator.populate(row, found)
        for name, position in kept.annotations:
            setattr(found, name, row[position])
        objects.append(found)  # type: ignore[arg-type]
    return objects


def _kept(key: tuple, build, values: Mapping[str, Any]) -> _Kept:
    full_key = (connection.vendor, *key)
    kept = _KEPT.get(full_key)
    if kept is None:
        kept = _keep(build, values)
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        _KEPT[full_key] = kept
    return kept


def _run(kept: _Kept, values: Mapping[str, Any]) -> list[tuple]:
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
    found = {param.name for param in marked if isinstance(param, _Place)}
    for name, value in values.items():
        if isinstance(value, str) and name not in found:
            raise ValueError(f"the text {name!r} is not a parameter as it is given: key it")
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    kept = _Kept(sql=sql, params=marked, converters=tuple(converters.items()))
    if queryset._iterable_class is not ModelIterable:
        return kept  # a values_list query: tuples
    # The parts of the ORM's own instance building (ModelIterable) this one leaves out.
    left_out = (queryset._known_related_objects, queryset._prefetch_related_lookups)  # type: ignore[attr-defined]
    if any(left_out):
        raise ValueError("kept_objects keeps model rows, their related rows and annotations")
    klass_info = compiler.klass_info
    own = klass_info["select_fields"]
    own_columns = slice(own[0], own[-1] + 1)
    return replace(
        kept,
        model=klass_info["model"],
        init_list=tuple(column[0].target.attname for column in compiler.select[own_columns]),
        own_columns=own_columns,
        related=tuple(get_related_populators(klass_info, compiler.select, connection.alias)),
        annotations=tuple(compiler.annotation_col_map.items()),
    )


def _stand_in(index: int, value: Any) -> Any:
    if isinstance(value, datetime):
        return _FIRST_INSTANT + timedelta(seconds=index + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return _FIRST_ID - index
    if isinstance(value, str):
        return _TEXT_STAND_IN.format(index)
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
