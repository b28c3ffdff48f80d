"""What the desk frame shows around every page: the saved views with their counts and the
alerts for the signed-in person."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from konsultasi.desk.saved_views import SAVED_VIEWS


@dataclass(frozen=True)
class SidebarEntry:
    key: str
    label: str
    url: str
    count: int | None
    current: bool


def sidebar(request: HttpRequest) -> list[SidebarEntry]:
    inbox = reverse("desk:inbox")
    current = request.GET.get("view") if request.resolver_match else None
    return [
        SidebarEntry(
            key=view.key,
            label=str(view.label),
            url=f"{inbox}?{urlencode({'view': view.key})}",
            count=None,
            current=view.key == current,
        )
        for view in SAVED_VIEWS
    ]


def alerts(request: HttpRequest) -> list:
    return []
