"""Shared steps of the workspace tests: addresses, posting an action as a browser would (with
or without htmx), and a snapshot of everything an action could write."""

from django.conf import settings
from django.urls import reverse

from konsultasi.consultations.models import Consultation
from konsultasi.consultations.tests.transition_checks import snapshot

__all__ = ["act", "action_url", "english_client", "open_form", "snapshot", "workspace_url"]

HTMX = {"HTTP_HX_REQUEST": "true"}


def workspace_url(c: Consultation) -> str:
    return reverse("desk:consultation", kwargs={"number": c.number})


def action_url(c: Consultation, slug: str) -> str:
    return reverse("desk:consultation_action", kwargs={"number": c.number, "slug": slug})


def act(client, c: Consultation, slug: str, data: dict | None = None, *, version=None, htmx=False):
    """POST the action's form with the version the page was rendered with (by default the
    consultation's current one)."""
    fresh = Consultation.objects.get(pk=c.pk)
    payload = {"version": fresh.version if version is None else version, **(data or {})}
    return client.post(action_url(c, slug), payload, **(HTMX if htmx else {}))


def open_form(client, c: Consultation, slug: str, *, htmx=False):
    return client.get(action_url(c, slug), **(HTMX if htmx else {}))


def english_client(client):
    """Pages come out in Indonesian by default; some tests read the English source."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
