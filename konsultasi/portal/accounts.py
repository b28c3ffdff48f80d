"""A stakeholder's account on the portal: registration with a verified e-mail address, the
profile, a new e-mail address after signing in again, and password reset (Django's views, with
our pages). No page here says whether an address has an account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from konsultasi.accounts import email_links, registration
from konsultasi.accounts.models import EmailLink
from konsultasi.accounts.profile import ProfileFields, update_profile, work_unit_named
from konsultasi.accounts.services import InvalidProfile
from konsultasi.errors import DomainError
from konsultasi.portal.access import stakeholder_required
from konsultasi.portal.forms import EditProfileForm, EmailChangeForm, RegistrationForm
from konsultasi.portal.guests import _absolute, mail_a_link

PROFILE_FIELDS = (
    "full_name",
    "position",
    "work_unit_code",
    "work_unit_name",
    "organisation",
    "phone",
    "nip",
    "nik",
    "preferred_channel",
)


def _fields(data: dict, *, keep_nik: bool = False) -> ProfileFields:
    values = {name: data.get(name) or "" for name in PROFILE_FIELDS}
    fields = ProfileFields(**values)
    if keep_nik and not values["nik"]:
        fields.nik = "" if data.get("nik_remove") else None
    return fields


def _show_refusal(form, refusal: DomainError) -> None:
    field_errors = getattr(refusal, "field_errors", {}) or {}
    aliases = {"work_unit": "work_unit_code"}
    for field, errors in field_errors.items():
        name = aliases.get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not field_errors:
        form.add_error(None, refusal.message)


def _refused_link(request, refusal, again: str) -> HttpResponse:
    return render(
        request,
        "portal/link_refused.html",
        {"message": refusal.message, "again_url": reverse(again)},
        status=410 if refusal.reason != "unknown" else 404,
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    return mail_a_link(
        request,
        start=registration.start_registration,
        link_route="portal:register_complete",
        template="portal/register.html",
    )


@require_http_methods(["GET", "POST"])
def register_complete(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        link = email_links.peek(secret, purpose=EmailLink.Purpose.REGISTER)
    except email_links.LinkRefused as refusal:
        return _refused_link(request, refusal, "portal:register")
    request.portal_office = link.office  # type: ignore[attr-defined]
    form = RegistrationForm(request.POST or None, initial={"preferred_channel": "email"})
    if request.method == "POST" and form.is_valid():
        try:
            user = registration.complete_registration(
                secret=secret,
                password=form.cleaned_data["password1"],
                fields=_fields(form.cleaned_data),
            )
        except email_links.LinkRefused as refusal:
            return _refused_link(request, refusal, "portal:register")
        except DomainError as refusal:
            _show_refusal(form, refusal)
        else:
            login(request, user, backend="konsultasi.accounts.backends.AccountBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("portal:registered")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "email": link.email}
    return render(request, "portal/register_complete.html", context, status=status)


@stakeholder_required
def registered(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/registered.html")


@stakeholder_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    current = request.profile  # type: ignore[attr-defined]
    initial = {
        "full_name": current.full_name,
        "position": current.position,
        "work_unit_code": current.work_unit.code if current.work_unit else "",
        "organisation": current.organisation,
        "phone": current.phone,
        "nip": current.nip,
        "preferred_channel": current.preferred_channel,
    }
    form = EditProfileForm(request.POST or None, initial=initial, profile=current)
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(current, _fields(form.cleaned_data, keep_nik=True))
        except InvalidProfile as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("portal:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/profile.html", {"form": form, "p": current}, status=status)


@stakeholder_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.request_email_change(
                user=request.user,  # type: ignore[arg-type]
                password=form.cleaned_data["password"],
                new_email=form.cleaned_data["new_email"],
                link_for=lambda secret: _absolute(request, "portal:email_confirm", secret=secret),
            )
        except DomainError as refusal:
            _show_refusal(form, refusal)
        else:
            return render(
                request, "portal/link_sent.html", {"email": form.cleaned_data["new_email"]}
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/email_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        if request.method == "POST":
            registration.confirm_email_change(secret=secret)
            messages.success(request, _("Your e-mail address is changed."))
            return redirect("portal:profile" if request.user.is_authenticated else "login")
        link = email_links.peek(secret, purpose=EmailLink.Purpose.CHANGE_EMAIL)
    except email_links.LinkRefused as refusal:
        return _refused_link(request, refusal, "portal:email_change")
    except DomainError as refusal:
        return render(
            request,
            "portal/link_refused.html",
            {"message": refusal.message, "again_url": reverse("portal:email_change")},
            status=409,
        )
    return render(request, "portal/email_confirm.html", {"email": link.email})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/password_reset.html"
    email_template_name = "portal/email/password_reset.txt"
    subject_template_name = "portal/email/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


@require_http_methods(["GET"])
def work_unit_lookup(request: HttpRequest) -> HttpResponse:
    """The name of the work unit under a satker code, as the stakeholder types it (htmx).
    Work units and their codes are public: the budget documents name them."""
    code = request.GET.get("work_unit_code", "").strip()
    found = work_unit_named(code)
    return render(request, "portal/includes/work_unit_name.html", {"found": found, "code": code})
