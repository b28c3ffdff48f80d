"""The office's public face: its published service standard, contacts and hours, for anyone,
without signing in. Everything shown is the office's data (the admin edits it), never text
written into a template."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from konsultasi.offices.models import Office, ServiceStandard, ServiceType, WorkingHours


def public_offices() -> QuerySet[Office]:
    return Office.objects.filter(is_active=True).order_by("name")


def lines(value: str) -> list[str]:
    """The standard keeps each list-like part one item per line."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@dataclass
class OpeningDay:
    weekday: str
    hours: list[str]


def opening_days(office: Office) -> list[OpeningDay]:
    """Working hours grouped by weekday, in weekday order (one query)."""
    days: dict[int, OpeningDay] = {}
    for interval in WorkingHours.objects.filter(office=office).order_by("weekday", "opens"):
        day = days.setdefault(
            interval.weekday, OpeningDay(weekday=interval.get_weekday_display(), hours=[])
        )
        day.hours.append(f"{interval.opens:%H.%M}–{interval.closes:%H.%M}")
    return list(days.values())


def map_link(office: Office) -> str:
    if not office.address:
        return ""
    query = urlencode({"api": "1", "query": f"{office.name}, {office.address}"})
    return f"https://www.google.com/maps/search/?{query}"


def standard_context(office: Office) -> dict:
    standard = ServiceStandard.objects.filter(office=office).first()
    types = ServiceType.objects.filter(office=office, is_active=True).order_by("name")
    return {
        "office": office,
        "standard": standard,
        "requirements": lines(standard.requirements) if standard else [],
        "procedure_online": lines(standard.procedure_online) if standard else [],
        "procedure_walk_in": lines(standard.procedure_walk_in) if standard else [],
        "products": lines(standard.products) if standard else [],
        "complaint_channels": lines(standard.complaint_channels) if standard else [],
        "completion_time": lines(standard.completion_time) if standard else [],
        "cost": lines(standard.cost) if standard else [],
        "service_types": list(types),
        "opening_days": opening_days(office),
        "map_link": map_link(office),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One office: its standard. Several in the installation: the list of them."""
    offices = list(public_offices()[:2])
    if len(offices) == 1:
        return render(request, "portal/home.html", standard_context(offices[0]))
    everyone = public_offices().prefetch_related(
        Prefetch("standard", queryset=ServiceStandard.objects.only("office", "service_name"))
    )
    return render(request, "portal/offices.html", {"offices": everyone})


@require_GET
def office_page(request: HttpRequest, slug: str) -> HttpResponse:
    office = public_offices().filter(slug=slug).first()
    if office is None:
        raise Http404
    return render(request, "portal/home.html", standard_context(office))
