"""Reads shared by the desk pages and the later API: the inbox (saved views, filters, search,
keyset pages sorted by the nearest deadline), the counts of the saved views and the API's
lists. What the section head and the office head see is in `head_desks`.

Every read starts from `access.consultations_visible_to(user)` narrowed to one office, so a
selector can never show a consultation its reader may not see. Instants (`now`, the start of
the office day, the close of it) are passed in: the caller computes them once per request with
the office calendar."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from konsultasi.accounts.models import OfficeRole, User
from konsultasi.consultations.access import consultations_visible_to, visibility_key
from konsultasi.consultations.models import (
    OPEN_STATUSES,
    Alert,
    Consultation,
    Status,
)
from konsultasi.kept_queries import kept_rows
from konsultasi.offices.models import Office

# Sorts consultations without a running clock after all others (no NULLs in the sort key, so
# the keyset comparison is the same on SQLite and PostgreSQL).
NO_DEADLINE = datetime(9999, 12, 31, tzinfo=UTC)


class InboxView(StrEnum):
    MINE = "mine"
    UNCLAIMED = "unclaimed"
    MY_SECTION = "section"
    DUE_SOON = "due-soon"
    BREACHED = "breached"
    WAITING = "waiting"
    ESCALATED = "escalated"
    NO_PROGRESS = "no-progress"


class PeriodOn(StrEnum):
    """Which date a period filter applies to."""

    RECEIVED = "received"
    RESOLVED = "resolved"
    DEFERRED = "deferred"
    BREACHED = "breached"


STATUS_OPEN = "open"
STATUS_ALL = "all"
NO_OFFICER = "none"


@dataclass(frozen=True)
class Moment:
    """The instants a list is judged against, computed once per request in the office zone:
    now, the start of today (local midnight) and the close of today's working day (the next
    working day's close when the office is closed today)."""

    now: datetime
    day_start: datetime
    day_close: datetime
    today_is_working_day: bool = True


@dataclass(frozen=True)
class InboxFilters:
    view: InboxView | None = None
    q: str = ""
    channel: int | None = None
    service_type: int | None = None
    section: int | None = None
    officer: int | str | None = None  # a user id, or NO_OFFICER for unassigned
    status: str = STATUS_OPEN  # STATUS_OPEN, STATUS_ALL or one Status value
    period_on: PeriodOn = PeriodOn.RECEIVED
    # Half-open [period_start, period_end) instants, already in UTC-aware form.
    period_start: datetime | None = None
    period_end: datetime | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after this (nearest deadline, id)."""

    due: datetime
    pk: int


@dataclass
class InboxPage:
    rows: list["InboxEntry"]
    next_cursor: Cursor | None
    filters: InboxFilters = field(default_factory=InboxFilters)


def nearest_due_expression():
    """The nearest running deadline (kept by every change in the indexed `nearest_due_at`),
    NO_DEADLINE when no clock runs."""
    return Coalesce(F("nearest_due_at"), Value(NO_DEADLINE, output_field=DateTimeField()))


def _sections_of(user: User, office: Office) -> QuerySet:
    return OfficeRole.objects.filter(user=user, office=office, section__isnull=False).values(
        "section"
    )


def overdue_condition(now: datetime) -> Q:
    # The nearest running deadline has passed exactly when one of them has.
    return Q(nearest_due_at__lt=now)


def due_soon_condition(moment: Moment) -> Q:
    """A running deadline not yet passed that falls before today's office close."""
    return Q(nearest_due_at__gte=moment.now, nearest_due_at__lte=moment.day_close)


def no_progress_today_condition(moment: Moment) -> Q:
    """Awaiting a solution, the progress cadence runs, and the stakeholder has not heard from
    us since the start of today — on a working day (on a closed day nobody owes an update)."""
    if not moment.today_is_working_day:
        return Q(pk__in=[])
    last_contact = Q(progress_counted_from__lt=moment.day_start) | Q(
        progress_counted_from__isnull=True, deferred_at__lt=moment.day_start
    )
    return (
        Q(status__in=(Status.FOLLOW_UP, Status.ESCALATED), progress_due_at__isnull=False)
        & last_contact
    )


# A question nobody has taken yet (the "Belum diambil" view; the officers' notice of it stands
# until then: notify.waiting_officers_notices).
UNCLAIMED = Q(status=Status.NEW, assignee__isnull=True)


def view_condition(view: InboxView, *, user: User, office: Office, moment: Moment) -> Q:
    """The condition of a saved view; every saved view lists open consultations only."""
    if view == InboxView.MINE:
        return Q(assignee=user)
    if view == InboxView.UNCLAIMED:
        return UNCLAIMED
    if view == InboxView.MY_SECTION:
        return Q(section__in=_sections_of(user, office))
    if view == InboxView.DUE_SOON:
        return due_soon_condition(moment)
    if view == InboxView.BREACHED:
        return overdue_condition(moment.now)
    if view == InboxView.WAITING:
        return Q(status=Status.WAITING_STAKEHOLDER)
    if view == InboxView.ESCALATED:
        return Q(status=Status.ESCALATED)
    if view == InboxView.NO_PROGRESS:
        return no_progress_today_condition(moment)
    raise ValueError(view)


def office_consultations(user: User, office: Office) -> QuerySet[Consultation]:
    return consultations_visible_to(user).filter(office=office)


# The saved view counts' SQL by who asks, where and on what kind of day, with the places of
# the request's instants in its parameters: building the eight filtered counts cost Django
# more than running them (3.5 ms of CPU against 0.3 on PostgreSQL at 1,000,000), and nothing
# but the instants changes between two requests of one officer.
_COUNTS_SQL: dict[tuple, tuple[str, list[Any], list[InboxView]]] = {}
_COUNTS_SQL_KEPT = 500
_INSTANTS = ("now", "day_start", "day_close")


class _Instant(str):
    """Where one of the request's instants goes among a kept query's parameters."""


def saved_view_counts(*, user: User, office: Office, moment: Moment) -> dict[InboxView, int]:
    """How many open consultations each saved view holds, in one query, counted from the
    `inbox_of_office` index alone. On PostgreSQL that index includes the progress dates
    "follow-up without today's progress" reads; on SQLite, whose index lacks them, its
    consultations are picked by a subquery, run once, over the (office, status,
    progress_due_at) index — the few whose progress clock runs — instead of a row read for
    every open consultation. The query is built once for the same officer, office and kind of
    day (per process) and then run with this request's instants."""
    key = (
        connection.vendor,
        visibility_key(user),
        office.pk,
        moment.today_is_working_day,
    )
    kept = _COUNTS_SQL.get(key)
    if kept is not None:
        sql, params, views = kept
        instants = {
            name: connection.ops.adapt_datetimefield_value(getattr(moment, name))
            for name in _INSTANTS
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, [instants[p] if isinstance(p, _Instant) else p for p in params])
            row = cursor.fetchone()
        return dict(zip(views, (int(count) for count in row), strict=True))
    ran: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):
        ran.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        counted = _count_saved_views(user=user, office=office, moment=moment)
    if len(ran) == 1 and key[1] is not None:
        _keep_counts_sql(key, *ran[0], moment, list(counted))
    return {view: counted[view] for view in InboxView}


def _keep_counts_sql(key, sql, params, moment: Moment, views: list[InboxView]) -> None:
    """Keep the query with the instants' places marked; not when two instants are equal (which
    place holds which could not be told)."""
    # The value as the database driver receives it: a string on SQLite, a datetime elsewhere.
    adapted: dict[Any, str] = {
        connection.ops.adapt_datetimefield_value(getattr(moment, name)): name for name in _INSTANTS
    }
    if len(adapted) != len(_INSTANTS):
        return
    marked = [
        _Instant(adapted[p]) if isinstance(p, datetime | str) and p in adapted else p
        for p in params
    ]
    if len(_COUNTS_SQL) >= _COUNTS_SQL_KEPT:
        _COUNTS_SQL.clear()
    _COUNTS_SQL[key] = (sql, marked, views)


def _count_saved_views(*, user: User, office: Office, moment: Moment) -> dict[InboxView, int]:
    conditions = {
        view: view_condition(view, user=user, office=office, moment=moment) for view in InboxView
    }
    if not connection.features.supports_covering_indexes:
        # SQLite's `inbox_of_office` lacks the progress dates: the few consultations whose
        # progress clock runs are picked through the progress index (their ids are in both).
        conditions[InboxView.NO_PROGRESS] = Q(
            pk__in=Consultation.objects.filter(office=office, status__in=OPEN_STATUSES)
            .filter(conditions[InboxView.NO_PROGRESS])
            .values("pk")
        )
    counted = (
        office_consultations(user, office)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(
            **{view.value: Count("pk", filter=condition) for view, condition in conditions.items()}
        )
    )
    return {view: counted[view.value] for view in InboxView}


def _search(q: str) -> Q:
    """Number, satker code and phone by prefix; names and the words of the question by
    containment, every word somewhere (plain `icontains` until full-text search lands)."""
    q = " ".join(q.split())[:200]
    compact = q.replace(" ", "").replace("-", "").removeprefix("+")
    exact = Q(number__istartswith=q) | Q(number__iendswith=q)
    if compact.isdigit():
        exact |= Q(stakeholder__work_unit__code__startswith=compact)
        exact |= Q(stakeholder__phone__startswith=compact)
        if compact.startswith("62"):  # +62 812… is written 0812… in most profiles
            exact |= Q(stakeholder__phone__startswith="0" + compact[2:])
        if compact.startswith("0"):
            exact |= Q(stakeholder__phone__startswith="+62" + compact[1:])
    words = Q()
    for word in q.split()[:8]:
        words &= (
            Q(subject__icontains=word)
            | Q(question__icontains=word)
            | Q(stakeholder__full_name__icontains=word)
            | Q(stakeholder__work_unit__name__icontains=word)
        )
    return exact | words


def _period(filters: InboxFilters) -> Q:
    if filters.period_start is None and filters.period_end is None:
        return Q()
    if filters.period_on == PeriodOn.BREACHED:
        # A deadline counts as breached once the sweep recorded it as passed (the section
        # head's step): that record keeps the breach after the consultation moved on.
        alerts = Alert.objects.filter(consultation=OuterRef("pk"), step=Alert.Step.SECTION_HEAD)
        if filters.period_start is not None:
            alerts = alerts.filter(due_at__gte=filters.period_start)
        if filters.period_end is not None:
            alerts = alerts.filter(due_at__lt=filters.period_end)
        return Q(Exists(alerts))
    column = {
        PeriodOn.RECEIVED: "received_at",
        PeriodOn.RESOLVED: "resolved_at",
        PeriodOn.DEFERRED: "deferred_at",
    }[filters.period_on]
    condition = Q()
    if filters.period_start is not None:
        condition &= Q(**{f"{column}__gte": filters.period_start})
    if filters.period_end is not None:
        condition &= Q(**{f"{column}__lt": filters.period_end})
    return condition


def inbox_queryset(
    *, user: User, office: Office, filters: InboxFilters, moment: Moment
) -> QuerySet[Consultation]:
    """The consultations of the inbox, filtered, sorted by the nearest deadline then id."""
    found = office_consultations(user, office)
    if filters.status == STATUS_OPEN or filters.view is not None:
        found = found.filter(status__in=OPEN_STATUSES)
    elif filters.status != STATUS_ALL:
        found = found.filter(status=filters.status)
    if filters.view is not None:
        found = found.filter(view_condition(filters.view, user=user, office=office, moment=moment))
    if filters.channel is not None:
        found = found.filter(channel_id=filters.channel)
    if filters.service_type is not None:
        found = found.filter(service_type_id=filters.service_type)
    if filters.section is not None:
        found = found.filter(section_id=filters.section)
    if filters.officer == NO_OFFICER:
        found = found.filter(assignee__isnull=True)
    elif filters.officer is not None:
        found = found.filter(assignee_id=int(filters.officer))
    found = found.filter(_period(filters))
    if filters.q.strip():
        found = found.filter(_search(filters.q))
    return found.annotate(nearest_due=nearest_due_expression()).order_by("nearest_due", "pk")


# What an inbox row shows and its clock reads (desk/inbox_rows.py, desk/clocks.py), read as
# plain values: model instances for fifty rows and their six related rows each (deferred
# fields and all) cost more than the rest of the page's reads together (bench/RESULTS.md).
ROW_FIELDS = (
    "pk",
    "number",
    "status",
    "subject",
    "service_due_at",
    "follow_up_due_at",
    "progress_due_at",
    "escalation_due_at",
    "nearest_due_at",
    "channel__name",
    "channel__kind",
    "stakeholder__full_name",
    "stakeholder__organisation",
    "stakeholder__work_unit",
    "stakeholder__work_unit__code",
    "stakeholder__work_unit__name",
    "service_type",
    "service_type__name",
    "service_type__target_minutes",
    "section",
    "section__name",
    "assignee",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


@dataclass(frozen=True, slots=True)
class RowChannel:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class RowWorkUnit:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class RowStakeholder:
    full_name: str
    organisation: str
    work_unit: RowWorkUnit | None


@dataclass(frozen=True, slots=True)
class RowServiceType:
    name: str
    target_minutes: int


@dataclass(frozen=True, slots=True)
class RowSection:
    name: str


@dataclass(frozen=True, slots=True)
class RowOfficer:
    username: str
    first_name: str
    last_name: str

    def __str__(self) -> str:
        # As `User.__str__`: the full name, else the username.
        return f"{self.first_name} {self.last_name}".strip() or self.username


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One consultation of an inbox page: what its row shows and its clock reads, under the
    names of `Consultation` (`c.channel.name`, `c.stakeholder.work_unit.code`, `c.office`)."""

    pk: int
    number: str
    status: str
    subject: str
    office: Office
    service_due_at: datetime | None
    follow_up_due_at: datetime | None
    progress_due_at: datetime | None
    escalation_due_at: datetime | None
    nearest_due_at: datetime | None
    nearest_due: datetime
    channel: RowChannel
    stakeholder: RowStakeholder
    service_type: RowServiceType | None
    section: RowSection | None
    assignee: RowOfficer | None

    @classmethod
    def from_values(cls, values: tuple, office: Office) -> "InboxEntry":
        (
            pk, number, status, subject, service_due, follow_up_due, progress_due,
            escalation_due, nearest_due_at, channel_name, channel_kind,
            full_name, organisation, unit, unit_code, unit_name, service_type,
            service_type_name, target_minutes, section, section_name, assignee, username,
            first_name, last_name,
        ) = values  # fmt: skip
        return cls(
            pk=pk,
            number=number,
            status=status,
            subject=subject,
            office=office,
            service_due_at=service_due,
            follow_up_due_at=follow_up_due,
            progress_due_at=progress_due,
            escalation_due_at=escalation_due,
            nearest_due_at=nearest_due_at,
            # As `nearest_due_expression` (the sort key), not read twice from the database.
            nearest_due=NO_DEADLINE if nearest_due_at is None else nearest_due_at,
            channel=RowChannel(channel_name, channel_kind),
            stakeholder=RowStakeholder(
                full_name, organisation, RowWorkUnit(unit_code, unit_name) if unit else None
            ),
            service_type=(
                RowServiceType(service_type_name, target_minutes) if service_type else None
            ),
            section=RowSection(section_name) if section else None,
            assignee=RowOfficer(username, first_name, last_name) if assignee else None,
        )


def inbox_page(
    *,
    user: User,
    office: Office,
    filters: InboxFilters,
    moment: Moment,
    after: Cursor | None = None,
    size: int = 50,
) -> InboxPage:
    """One keyset page: the rows after `after`, with what each row shows joined in, in two
    queries whatever the page size. Both are built once per process for the same reader,
    office, filters and kind of day (kept_queries.py) and run with the request's instants,
    cursor and ids."""
    # Two queries: the page is sorted and cut on the consultations alone (from an index), then
    # what a row shows is joined in for its rows only. In one query every candidate of the
    # office was joined before the sort; and PostgreSQL, given the page as a subquery, joined
    # the whole table before applying it (more tables than it reorders).
    on_page = [pk for (pk,) in _page_ids(user, office, filters, moment, after, size + 1)]
    rows = [
        # Every row is of this office: no join, one Office for all.
        InboxEntry.from_values(values, office)
        for values in kept_rows(
            ("inbox rows", len(on_page)),
            _rows_of,
            {f"id{i}": pk for i, pk in enumerate(on_page)},
        )
    ]
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = Cursor(due=last.nearest_due, pk=last.pk)
    return InboxPage(rows=rows, next_cursor=next_cursor, filters=filters)


def _page_ids(
    user: User,
    office: Office,
    filters: InboxFilters,
    moment: Moment,
    after: Cursor | None,
    count: int,
) -> list[tuple]:
    """The ids of a page's consultations, in the inbox's order."""
    reader = visibility_key(user)
    values: dict[str, Any] = {name: getattr(moment, name) for name in _INSTANTS}
    if after is not None:
        values |= {"after_due": after.due, "after_pk": after.pk}

    def build(v) -> QuerySet:
        judged = Moment(v["now"], v["day_start"], v["day_close"], moment.today_is_working_day)
        found = inbox_queryset(user=user, office=office, filters=filters, moment=judged)
        if after is not None:
            found = found.filter(
                Q(nearest_due__gt=v["after_due"])
                | Q(nearest_due=v["after_due"], pk__gt=v["after_pk"])
            )
        return found.values_list("pk")[:count]

    if reader is None:  # nothing visible: no SQL to keep
        return list(build(values))
    key = (
        "inbox page",
        reader,
        office.pk,
        filters,
        moment.today_is_working_day,
        after is not None,
        count,
    )
    return kept_rows(key, build, values)


def _rows_of(ids: Mapping[str, Any]) -> QuerySet:
    """What the rows of these consultations show, in the inbox's order."""
    return (
        Consultation.objects.filter(pk__in=list(ids.values()))
        .order_by(nearest_due_expression(), "pk")
        .values_list(*ROW_FIELDS)
    )


# --- the API's lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class CreatedCursor:
    """Where a page of the API's list starts: after this (created_at, id), newest first."""

    created_at: datetime
    pk: int


def consultations_newest_first(
    *,
    user: User,
    office: Office,
    filters: InboxFilters,
    now: datetime,
    after: CreatedCursor | None = None,
    size: int = 50,
    joins: tuple[str, ...] = (),
) -> tuple[list[Consultation], CreatedCursor | None]:
    """The inbox's filters (no saved views), newest first by creation, one keyset page in one
    query; with the cursor of the next page when there is one."""
    moment = Moment(now=now, day_start=now, day_close=now)
    found = inbox_queryset(
        user=user, office=office, filters=replace(filters, view=None), moment=moment
    ).order_by("-created_at", "-pk")
    if after is not None:
        found = found.filter(
            Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, pk__lt=after.pk)
        )
    rows = list(found.select_related(*joins)[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, CreatedCursor(created_at=rows[-1].created_at, pk=rows[-1].pk)
