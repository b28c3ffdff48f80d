"""Who may open the desk, and in which office.

A desk page is for staff: the signed-in user must hold a desk role (officer, section head,
office head) in an office. The office is the first one they hold such a role in — the same rule
that picks the time zone (`konsultasi.accounts.middleware`). Consultations themselves are fetched
only through `konsultasi.consultations.access`; this module never reads them."""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from konsultasi.accounts.middleware import held_office_roles
from konsultasi.accounts.models import Role
from konsultasi.offices.calendar import OfficeCalendarInvalid
from konsultasi.offices.models import Office

DESK_ROLES = frozenset({Role.OFFICER, Role.SECTION_HEAD, Role.OFFICE_HEAD})


def _desk_place(request: HttpRequest) -> tuple[Office, frozenset[Role]]:
    """The desk office and every office role the user holds in it, from the roles the
    time-zone middleware read (one query a request for both)."""
    cached = getattr(request, "_desk_place", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated or not user.is_active:
        raise Http404
    held = [role for role in held_office_roles(request) if role.office.is_active]
    first = next((role for role in held if role.role in DESK_ROLES), None)
    if first is None:
        raise Http404
    roles = frozenset(Role(role.role) for role in held if role.office_id == first.office_id)
    place = (first.office, roles)
    request._desk_place = place  # type: ignore[attr-defined]
    return place


def staff_office(request: HttpRequest) -> Office:
    """The office in which the signed-in user holds a desk role, or Http404."""
    return _desk_place(request)[0]


def desk_roles(request: HttpRequest) -> frozenset[Role]:
    """The roles of the signed-in user in their desk office."""
    return _desk_place(request)[1] & DESK_ROLES


def page_shown(request: HttpRequest) -> str:
    """The address of the page the person is on: for a part asked for by htmx (an action done
    in place, a live refresh), the page it was asked from, not the part's own address."""
    htmx = getattr(request, "htmx", None)
    return (htmx and htmx.current_url_abs_path) or request.get_full_path()


def staff_required(
    view: Callable[..., HttpResponse] | None = None, *, roles: Iterable[Role] = DESK_ROLES
):
    """Guard a desk view: anonymous → the sign-in page; no desk role in any office → 404;
    a desk role but not one of `roles` → 403. Sets `request.office` and `request.desk_roles`.

    Use bare (`@staff_required`) or with roles (`@staff_required(roles={Role.SECTION_HEAD})`)."""
    allowed = frozenset(roles)

    def decorate(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # A live refresh after the session ended: send the whole page to sign-in
                    # (a plain redirect would put the sign-in page inside the list).
                    return HttpResponseClientRedirect(redirect_to_login(page_shown(request)).url)
                return redirect_to_login(request.get_full_path())
            request.office = staff_office(request)  # type: ignore[attr-defined]
            request.desk_roles = desk_roles(request)  # type: ignore[attr-defined]
            if not request.desk_roles & allowed:  # type: ignore[attr-defined]
                raise PermissionDenied
            try:
                return func(request, *args, **kwargs)
            except OfficeCalendarInvalid as broken:
                # Without working hours no clock can be read: say so instead of failing.
                return render(
                    request, "desk/unavailable.html", {"message": broken.message}, status=503
                )

        return wrapper

    return decorate(view) if view is not None else decorate
