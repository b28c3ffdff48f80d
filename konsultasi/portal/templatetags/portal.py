"""Template helpers of the portal: the stakeholder's status words and the unread count."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from konsultasi.notifications.services import unread_in_app
from konsultasi.portal.status import plain_status

register = template.Library()


@register.simple_tag
def status_tag(status: str):
    words, style = plain_status(status)
    return format_html('<span class="tag tag--{}">{}</span>', style, words)


@register.simple_tag(takes_context=True)
def unread_badge(context):
    """The number of unread notifications, after the menu item's name (nothing when none)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    profile = getattr(user, "stakeholder_profile", None) if user is not None else None
    if profile is None:
        return ""
    count = unread_in_app(user, office=profile.office_id).count()
    if not count:
        return ""
    return format_html(
        ' <span class="badge">{}<span class="visually-hidden"> {}</span></span>',
        count,
        _("unread"),
    )


EVENT_WORDS = {
    "submit": _("Question received"),
    "register_walk_in": _("Question received at the office"),
    "claim": _("An officer is handling your question"),
    "defer": _("The officer needs more time to answer"),
    "reopen": _("Reopened"),
    "close": _("Closed"),
    "cancel": _("Cancelled"),
}


@register.simple_tag
def entry_label(entry, consultation) -> str:
    """What a line of the history is, said to the stakeholder."""
    own = entry.actor is not None and entry.actor.pk == consultation.stakeholder.user_id
    if entry.kind == "reply":
        return str(_("Your message") if own else _("Message from the office"))
    if entry.kind == "documents":
        return str(_("Documents you sent") if own else _("Documents"))
    if entry.kind == "progress":
        return str(_("Progress update"))
    if entry.kind == "answer":
        return str(_("Answer"))
    if entry.kind == "document_request":
        return str(_("The officer asks for documents"))
    if entry.kind == "event":
        action = entry.event.action
        if action in EVENT_WORDS:
            return str(EVENT_WORDS[action])
        return str(_("Status: %(status)s") % {"status": plain_status(entry.event.to_status)[0]})
    return ""


@register.simple_tag
def entry_author(entry, consultation) -> str:
    if entry.actor is None:
        return ""
    if entry.actor.pk == consultation.stakeholder.user_id:
        return str(_("you"))
    return str(_("KPPN officer"))
