"""The inbox: saved views, filters and search over the office's consultations, sorted by the
nearest deadline, a keyset page at a time. The rows refresh themselves: htmx asks for the same
URL every few seconds and gets the rows (and, out of band, the sidebar counts and alerts)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from konsultasi.consultations import selectors
from konsultasi.desk.access import staff_required
from konsultasi.desk.inbox_filters import InboxFilterForm, office_officers
from konsultasi.desk.inbox_rows import inbox_rows
from konsultasi.desk.saved_views import LABELS
from konsultasi.desk.today import request_calendar, request_moment, request_now

PAGE_SIZE = 50


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    form = InboxFilterForm(request.GET, office=office, officers=lambda: office_officers(office))
    context = {"form": form, "refresh_seconds": settings.DESK_POLL_SECONDS, "page": None}
    status = 200
    if form.is_valid():
        filters = form.filters(request_calendar(request), request_moment(request))
        page = selectors.inbox_page(
            user=request.user,  # type: ignore[arg-type]
            office=office,
            filters=filters,
            moment=request_moment(request),
            after=form.cleaned_data["after"],
            size=PAGE_SIZE,
        )
        context |= {
            "page": page,
            "rows": inbox_rows(page.rows, cal=request_calendar(request), now=request_now(request)),
            "title": LABELS.get(filters.view) if filters.view else None,
            "next_url": _next_url(request.GET, page.next_cursor),
            "first_url": _first_url(request.GET) if form.cleaned_data["after"] else None,
        }
    else:
        status = 400
    live = request.htmx and request.htmx.target == "inbox-rows"  # type: ignore[attr-defined]
    template = "desk/includes/inbox_rows.html" if live else "desk/inbox.html"
    return render(request, template, context, status=status)


def _next_url(query: QueryDict, cursor: selectors.Cursor | None) -> str | None:
    if cursor is None:
        return None
    following = query.copy()
    following["after"] = f"{cursor.due.isoformat()}_{cursor.pk}"
    return "?" + following.urlencode()


def _first_url(query: QueryDict) -> str:
    first = query.copy()
    first.pop("after", None)
    return "?" + first.urlencode()
