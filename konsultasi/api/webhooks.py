"""/api/v1/webhooks: an office's subscriptions to consultation events. Each URL is checked
when it is given (an internal address is refused: only an administrator may allow one, in the
admin) and again at every delivery. The signing secret is shown once, when subscribing."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja import Status as Answer

from konsultasi.accounts.api_keys import Scope
from konsultasi.accounts.models import Role
from konsultasi.accounts.permissions import roles_in
from konsultasi.api.auth import require_scope
from konsultasi.api.errors import FieldRefusal, Forbidden, NotFound, refusals
from konsultasi.api.offices import office_for
from konsultasi.api.schemas import WebhookCreatedOut, WebhookIn, WebhookOut
from konsultasi.consultations.events import WEBHOOK_EVENTS
from konsultasi.errors import InvalidInput
from konsultasi.notifications import webhooks
from konsultasi.notifications.models import WebhookSubscription
from konsultasi.offices.models import Office

router = Router(tags=["webhooks"])

MANAGERS = frozenset({Role.ADMIN, Role.OFFICE_HEAD})


def _office(request: HttpRequest) -> Office:
    """The caller's office, if they may manage its subscriptions: an integration key with the
    webhooks scope, or the office's administrator or head."""
    who = require_scope(request, Scope.WEBHOOKS)
    office = office_for(who)
    by_a_person = who.api_key is None or who.api_key.office_id is None
    if by_a_person and not roles_in(who.user, office) & MANAGERS:
        raise Forbidden(_("Only the office's administrator or head manages webhooks."))
    return office


def _out(s: WebhookSubscription) -> dict:
    return {
        "id": s.pk,
        "url": s.url,
        "events": s.events,
        "active": s.is_active,
        "created_at": s.created_at,
    }


@router.get("/webhooks", response={200: list[WebhookOut], **refusals()}, summary="Subscriptions")
def list_webhooks(request: HttpRequest):
    office = _office(request)
    return [_out(s) for s in WebhookSubscription.objects.filter(office=office).order_by("pk")]


@router.post(
    "/webhooks",
    response={201: WebhookCreatedOut, **refusals()},
    summary="Subscribe a URL to events",
    description="Events: " + ", ".join(WEBHOOK_EVENTS) + ", or *.",
)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    office = _office(request)
    try:
        webhooks.check_url(payload.url)
    except webhooks.UnsafeWebhookURL as refusal:
        raise FieldRefusal("url", refusal.message) from None
    try:
        events = webhooks.clean_events(payload.events, WEBHOOK_EVENTS)
    except InvalidInput as refusal:
        raise FieldRefusal("events", refusal.message) from None
    subscription = webhooks.subscribe(
        office=office, url=payload.url, events=events, known_events=WEBHOOK_EVENTS
    )
    return Answer(201, {**_out(subscription), "secret": subscription.secret})


@router.delete(
    "/webhooks/{subscription_id}",
    response={204: None, **refusals()},
    summary="Unsubscribe",
)
def delete_webhook(request: HttpRequest, subscription_id: int = Path(..., ge=1, le=2**62)):
    if not webhooks.unsubscribe(office=_office(request), subscription_id=subscription_id):
        raise NotFound()
    return Answer(204, None)
