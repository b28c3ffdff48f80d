"""What the desk frame shows around every page: the saved views with their live counts (one
query) and the alerts for the signed-in person (one query)."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from konsultasi.accounts.models import Role
from konsultasi.consultations import notify, selectors
from konsultasi.consultations.access import consultations_visible_to, visibility_key
from konsultasi.counted import count_of
from konsultasi.desk.access import desk_roles, staff_office
from konsultasi.desk.saved_views import SAVED_VIEWS
from konsultasi.desk.today import request_moment
from konsultasi.kept_queries import kept_rows
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import not_read_by, unread_in_app

ALERTS_SHOWN = 3
# Read this many of the newest, so that one consultation's several alerts show as one line.
ALERTS_READ = 20
# Views whose count is bad news: their badge is drawn in the error colour (with the number).
ALARMING = {selectors.InboxView.BREACHED, selectors.InboxView.NO_PROGRESS}


@dataclass(frozen=True)
class SidebarEntry:
    key: str
    label: str
    url: str
    count: int
    current: bool
    alarming: bool


def sidebar(request: HttpRequest) -> list[SidebarEntry]:
    office = staff_office(request)
    counts = selectors.saved_view_counts(
        user=request.user,  # type: ignore[arg-type]
        office=office,
        moment=request_moment(request),
    )
    inbox = reverse("desk:inbox")
    on_inbox = request.resolver_match is not None and request.resolver_match.url_name in {"inbox"}
    current = request.GET.get("view") if on_inbox else None
    return [
        SidebarEntry(
            key=view.key,
            label=str(view.label),
            url=f"{inbox}?{urlencode({'view': view.key})}",
            count=counts[view.key],
            current=view.key == current,
            alarming=view.key in ALARMING and counts[view.key] > 0,
        )
        for view in SAVED_VIEWS
    ]


def _severity(kind: str) -> int:
    if kind.startswith("clock_"):
        return 1 if kind.endswith("_officer") else 2
    return 0


@dataclass(frozen=True)
class AlertLine:
    pk: int
    kind: str
    subject: str
    body: str
    created_at: object
    number: str | None  # the consultation's number, when the reader may see it

    @property
    def is_clock(self) -> bool:
        return self.kind.startswith("clock_")

    @property
    def is_breach(self) -> bool:
        return self.is_clock and not self.kind.endswith("_officer")


@dataclass(frozen=True)
class Alerts:
    lines: list[AlertLine]
    more: int


def officers_notices_shown(request: HttpRequest) -> QuerySet | None:
    """The notices to all of the office's officers that the signed-in person has not read,
    when they are one of the officers (else None): those of questions still waiting."""
    if Role.OFFICER not in desk_roles(request):
        return None
    return not_read_by(request.user, notify.waiting_officers_notices(staff_office(request)))


def alerts(request: HttpRequest) -> Alerts:
    """The newest unread in-app notifications for the signed-in person, their own and the
    officers' notices, one line per consultation (one query, whatever their number)."""
    office = staff_office(request)
    user = request.user
    as_officer = Role.OFFICER in desk_roles(request)

    def build(_) -> QuerySet:
        parts = [unread_in_app(user, office=office).order_by()]
        officers = officers_notices_shown(request)
        if officers is not None:
            parts.append(officers.order_by())
        # The consultation behind a notification is read through the access door, like any
        # other. Only what a line shows, as values (no notification instances).
        visible = consultations_visible_to(user).filter(  # type: ignore[arg-type]
            pk=OuterRef("consultation_id")
        )
        # Each part's newest ALERTS_READ, numbered, with how many the part holds: every part
        # with rows brings at least one, so its count is always there to add up. (Numbered
        # before the parts are put together, so only these few are.)
        lines = [
            OutboxMessage.objects.filter(
                pk__in=part.order_by("-created_at", "-pk").values("pk")[:ALERTS_READ]
            )
            .annotate(number=Subquery(visible.values("number")[:1]), in_part=count_of(part))
            .values_list(
                "pk",
                "kind",
                "subject",
                "body",
                "created_at",
                "number",
                "consultation",
                "recipient",  # the part: the person's own, or none (the officers')
                "in_part",
            )
            for part in parts
        ]
        return lines[0].union(*lines[1:], all=True) if len(lines) > 1 else lines[0]

    # Built once per reader and office (per process), run every time: kept_queries.py.
    reader = visibility_key(user)  # type: ignore[arg-type]
    rows = (
        list(build(None))
        if reader is None
        else kept_rows(("desk alerts", reader, office.pk, as_officer), build, {})
    )
    total = sum({row[7]: row[8] for row in rows}.values())
    newest = sorted(rows, key=lambda row: (row[4], row[0]), reverse=True)[:ALERTS_READ]
    # One line per consultation, in order of its newest notification, saying the worst news.
    chosen: dict[object, AlertLine] = {}
    for pk, kind, subject, body, created_at, number, consultation, _part, _count in newest:
        key = consultation or f"row-{pk}"
        if key not in chosen or _severity(kind) > _severity(chosen[key].kind):
            chosen[key] = AlertLine(
                pk=pk, kind=kind, subject=subject, body=body, created_at=created_at, number=number
            )
    lines = list(chosen.values())[:ALERTS_SHOWN]
    return Alerts(lines=lines, more=max(total - len(lines), 0))
