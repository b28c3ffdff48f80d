"""Template helpers shared by every desk page: the frame's sidebar and alerts strip, links to a
consultation's workspace, clock badges, status tags and channel glyphs."""

from django import template
from django.urls import NoReverseMatch, reverse

from konsultasi.desk import frame
from konsultasi.desk.clocks import ClockKind, current_clock
from konsultasi.desk.today import request_calendar, request_now

register = template.Library()

CHANNEL_GLYPHS = {
    "walk_in": "⌂",
    "online": "◎",
    "email": "✉\ufe0e",
    "whatsapp": "✆",
    "phone": "☎\ufe0e",
    "api": "⇄",
}


@register.simple_tag
def consultation_url(number: str | None) -> str:
    """The workspace of consultation `number` (route `desk:consultation`), or "" while that
    route does not exist yet — a list must render even before the workspace lands."""
    if not number:
        return ""
    try:
        return reverse("desk:consultation", kwargs={"number": number})
    except NoReverseMatch:
        return ""


@register.inclusion_tag("desk/includes/sidebar.html", takes_context=True)
def desk_sidebar(context, oob: bool = False):
    request = context["request"]
    return {"request": request, "views": frame.sidebar(request), "oob": oob}


@register.inclusion_tag("desk/includes/alerts.html", takes_context=True)
def desk_alerts(context, oob: bool = False):
    request = context["request"]
    return {"request": request, "alerts": frame.alerts(request), "oob": oob}


@register.inclusion_tag("desk/includes/clock.html", takes_context=True)
def clock_badge(context, consultation, kind: str = "", with_label: bool = True):
    """The clock that matters now on `consultation` (or clock `kind`: service, follow_up,
    progress, escalation), judged with the request's office calendar and instant."""
    request = context["request"]
    clock = current_clock(
        consultation,
        request_calendar(request),
        request_now(request),
        ClockKind(kind) if kind else None,
    )
    return {"clock": clock, "with_label": with_label}


@register.inclusion_tag("desk/includes/status_tag.html")
def status_tag(consultation):
    return {"status": consultation.status, "label": consultation.get_status_display()}


@register.filter
def channel_glyph(channel) -> str:
    return CHANNEL_GLYPHS.get(getattr(channel, "kind", ""), "•")
