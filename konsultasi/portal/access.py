"""Who reaches which consultation on the portal — two doors, one rule: a consultation is found
only through the consultations' access helpers, and anything not the visitor's own is a 404,
exactly like a number that does not exist.

- A signed-in stakeholder: `consultations.access.consultations_visible_to`, narrowed to those
  they asked themselves (an officer who also asks sees only their own questions here).
- A guest: `consultations.guest_access.guest_consultation`, with the grants this session
  earned by a signed link or a number with its access code."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from konsultasi.accounts.models import User
from konsultasi.accounts.selectors import stakeholder_profile_of
from konsultasi.consultations.access import consultations_visible_to
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.guest_access import guest_consultation
from konsultasi.consultations.models import Consultation
from konsultasi.offices.calendar import stamp_read_now

GUEST_GRANTS = "portal_guest_grants"
MAX_GRANTS = 20


def stakeholder_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Anonymous → sign-in; signed in without a stakeholder profile (staff) → a page saying
    this part is for stakeholders (403). Sets `request.profile`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = stakeholder_profile_of(request.user)
        if profile is None:
            return render(request, "portal/not_a_stakeholder.html", status=403)
        # The profile and its office were read by this request's own query (the user is this
        # request's): a question's clocks take the office's calendar stamp from it.
        stamp_read_now(profile.office)
        request.profile = profile  # type: ignore[attr-defined]
        request.portal_office = profile.office  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def own_consultations(user: User):
    return consultations_visible_to(user).filter(stakeholder__user=user)


@dataclass
class Door:
    """How one visitor reaches one consultation: who acts (the stakeholder's user, a guest's
    too) and where its pages are."""

    consultation: Consultation
    actor: User
    guest: bool

    def url(self, name: str = "", **kwargs) -> str:
        prefix = "portal:guest_" if self.guest else "portal:"
        route = prefix + (name or "consultation")
        return reverse(route, kwargs={"number": self.consultation.number, **kwargs})


def account_door(request: HttpRequest, number: str) -> Door:
    found = (
        own_consultations(request.user)  # type: ignore[arg-type]
        .select_related("office", "stakeholder__user", "channel", "service_type")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise Http404
    return Door(consultation=found, actor=request.user, guest=False)  # type: ignore[arg-type]


def granted(request: HttpRequest) -> list[int]:
    return [pk for pk in request.session.get(GUEST_GRANTS, []) if isinstance(pk, int)]


def grant(request: HttpRequest, consultation: Consultation) -> None:
    """This session may follow `consultation` as its guest (until the session ends)."""
    grants = [pk for pk in granted(request) if pk != consultation.pk]
    request.session[GUEST_GRANTS] = [consultation.pk, *grants][:MAX_GRANTS]


def guest_door(request: HttpRequest, number: str) -> Door:
    try:
        found = guest_consultation(number, granted(request))
    except ConsultationNotFound:
        raise Http404 from None
    return Door(consultation=found, actor=found.stakeholder.user, guest=True)  # type: ignore[arg-type]
