"""Template helpers shared by every desk page: the frame's sidebar and alerts strip, and links
to a consultation's workspace."""

from django import template
from django.urls import NoReverseMatch, reverse

from konsultasi.desk import frame

register = template.Library()


@register.simple_tag
def consultation_url(number: str) -> str:
    """The workspace of consultation `number` (route `desk:consultation`), or "" while that
    route does not exist yet — a list must render even before the workspace lands."""
    try:
        return reverse("desk:consultation", kwargs={"number": number})
    except NoReverseMatch:
        return ""


@register.inclusion_tag("desk/includes/sidebar.html", takes_context=True)
def desk_sidebar(context):
    request = context["request"]
    return {"request": request, "views": frame.sidebar(request)}


@register.inclusion_tag("desk/includes/alerts.html", takes_context=True)
def desk_alerts(context):
    request = context["request"]
    return {"request": request, "alerts": frame.alerts(request)}
