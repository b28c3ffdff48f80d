"""Template helpers of the walk-in desk."""

from django import template

from konsultasi.desk.clocks import duration_text
from konsultasi.desk.today import request_now

register = template.Library()


@register.simple_tag(takes_context=True)
def waited(context, ticket) -> str:
    """How long the visitor has been waiting since taking the number: "12 mnt"."""
    return duration_text(request_now(context["request"]) - ticket.taken_at)
