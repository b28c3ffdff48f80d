"""Template helpers shared by every desk page: the frame's sidebar and alerts strip, links to a
consultation's workspace, clock badges, status tags and channel glyphs."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from konsultasi.consultations.models import STATUS_LABELS
from konsultasi.desk import frame
from konsultasi.desk.access import page_shown
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
    # After an action done in place, "mark read" returns to the workspace, not to the action.
    back_to = page_shown(request)
    return {"request": request, "alerts": frame.alerts(request), "oob": oob, "back_to": back_to}


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
    status = consultation.status
    return {"status": status, "label": STATUS_LABELS.get(status, status)}


@register.filter
def channel_glyph(channel) -> str:
    return CHANNEL_GLYPHS.get(getattr(channel, "kind", ""), "•")


@register.simple_tag
def form_field(field) -> SafeString:
    """`{% include "includes/field.html" with field=… %}`, written in Python: the same
    markup (the include's leading and trailing newlines included) without an include per
    field — the inbox's filter form has nine."""
    errors = field.errors
    label_for = conditional_escape(field.id_for_label)
    hint = ""
    if field.help_text:
        hint = (
            f'<p class="field__hint" id="{label_for}-hint">'
            f"{conditional_escape(field.help_text)}</p>"
        )
    shown_errors = "".join(
        f'<p class="field__error">{conditional_escape(error)}</p>' for error in errors
    )
    return mark_safe(  # noqa: S308 - every value escaped above; the widget is safe markup
        f'\n<div class="field{" field--error" if errors else ""}">\n'
        f'  <label for="{label_for}">{conditional_escape(field.label)}</label>\n'
        f"  {hint}\n"
        f"  {shown_errors}\n"
        f"  {conditional_escape(str(field))}\n"
        "</div>\n"
    )
