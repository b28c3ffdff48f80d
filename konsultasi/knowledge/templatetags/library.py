"""Showing library entries: the body as safe HTML, the status in words."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from konsultasi.knowledge.indexing import sanitize_html

register = template.Library()


@register.filter
def library_html(html: str) -> SafeString:
    """A body rendered and sanitized when saved, sanitized again as shown: a row changed
    behind the service's back (a restore, a manual fix) is still made inert."""
    return mark_safe(sanitize_html(html or ""))  # noqa: S308 (sanitized by nh3)
