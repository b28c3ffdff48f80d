"""What the desk frame shows around every page: the saved views with their live counts (one
query) and the alerts for the signed-in person (one query)."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery, Window
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from konsultasi.consultations import selectors
from konsultasi.consultations.access import consultations_visible_to, visibility_key
from konsultasi.desk.access import staff_office
from konsultasi.desk.saved_views import SAVED_VIEWS
from konsultasi.desk.today import request_moment
from konsultasi.kept_queries import kept_rows
from konsultasi.notifications.services import unread_in_app

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


def alerts(request: HttpRequest) -> Alerts:
    """The newest unread in-app notifications addressed to the signed-in person, one line per
    consultation (one query, whatever their number)."""
    office = staff_office(request)
    user = request.user

    def build(_) -> QuerySet:
        unread = unread_in_app(user, office=office)
        # The consultation behind a notification is read through the access door, like any
        # other.
        visible = consultations_visible_to(user).filter(  # type: ignore[arg-type]
            pk=OuterRef("consultation_id")
        )
        # How many there are rides along on the same query (a window over all the unread).
        # Only what a line shows, as values (no notification instances).
        return unread.annotate(
            number=Subquery(visible.values("number")[:1]), unread_total=Window(Count("pk"))
        ).values_list(
            "pk", "kind", "subject", "body", "created_at", "number", "consultation", "unread_total"
        )[:ALERTS_READ]

    # Built once per reader and office (per process), run every time: kept_queries.py.
    reader = visibility_key(user)  # type: ignore[arg-type]
    newest = (
        list(build(None))
        if reader is None
        else kept_rows(("desk alerts", reader, office.pk), build, {})
    )
    # One line per consultation, in order of its newest notification, saying the worst news.
    chosen: dict[object, AlertLine] = {}
    for pk, kind, subject, body, created_at, number, consultation, _total in newest:
        key = consultation or f"row-{pk}"
        if key not in chosen or _severity(kind) > _severity(chosen[key].kind):
            chosen[key] = AlertLine(
                pk=pk, kind=kind, subject=subject, body=body, created_at=created_at, number=number
            )
    lines = list(chosen.values())[:ALERTS_SHOWN]
    total = newest[0][-1] if newest else 0
    return Alerts(lines=lines, more=max(total - len(lines), 0))
