"""Where a signed-in person starts: the home of their role."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from konsultasi.accounts.models import Role, User
from konsultasi.accounts.permissions import roles_in
from konsultasi.desk.access import DESK_ROLES, staff_required


def home_url_for(user: User, office) -> str:
    """Office head → the overview; section head → the section desk; officer → the inbox."""
    roles = roles_in(user, office) & DESK_ROLES if office is not None else frozenset()
    if Role.OFFICE_HEAD in roles:
        return reverse("desk:overview")
    if Role.SECTION_HEAD in roles:
        return reverse("desk:section_desk")
    return reverse("desk:inbox")


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user, request.office))  # type: ignore[arg-type, attr-defined]
