"""Visitors without an account: they prove their e-mail address, ask, and follow their
consultation with a signed link or its number and access code (never by number and e-mail
alone: those only bring a fresh link to the address on file).

Links in mail open a page with a button: the link is spent by the POST, so a mail scanner
that fetches every link spends nothing."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from konsultasi.accounts import email_links, registration
from konsultasi.accounts.mail import send_account_mail
from konsultasi.accounts.models import EmailLink
from konsultasi.accounts.services import InvalidProfile
from konsultasi.consultations import guest_access, services
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office
from konsultasi.portal.access import grant, guest_door
from konsultasi.portal.ask import next_steps
from konsultasi.portal.forms import AccessCodeForm, EmailForm, GuestAskForm, NewLinkForm
from konsultasi.portal.public import public_offices

VERIFIED = "portal_guest_verified"  # {"email", "office", "at"} after the guest's link
VERIFIED_FOR_SECONDS = 2 * 60 * 60
RECEIPT = "portal_guest_receipt"  # {"number", "code"}: the access code, shown once


def _office(request: HttpRequest) -> Office | None:
    slug = request.POST.get("office") or request.GET.get("office")
    offices = public_offices()
    chosen = offices.filter(slug=slug).first() if slug else None
    return chosen or offices.first()


def _verified(request: HttpRequest) -> dict | None:
    verified = request.session.get(VERIFIED)
    if not verified:
        return None
    if timezone.now().timestamp() - verified.get("at", 0) > VERIFIED_FOR_SECONDS:
        return None
    return verified


def _absolute(request: HttpRequest, route: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(route, kwargs=kwargs))


def mail_a_link(request: HttpRequest, *, start, link_route: str, template: str) -> HttpResponse:
    """The first step of registering and of asking as a guest: an address, and a link mailed
    to it. The page after it is the same whatever the address is (no account enumeration)."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        office = _office(request)
        if office is not None:
            try:
                start(
                    email=form.cleaned_data["email"],
                    office=office,
                    link_for=lambda secret: _absolute(request, link_route, secret=secret),
                )
            except DomainError as refusal:
                form.add_error("email", refusal.message)
            else:
                return render(
                    request, "portal/link_sent.html", {"email": form.cleaned_data["email"]}
                )
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def guest_start(request: HttpRequest) -> HttpResponse:
    """The visitor's address: a link to it, whatever it is."""
    return mail_a_link(
        request,
        start=registration.start_guest,
        link_route="portal:guest_verify",
        template="portal/guest_start.html",
    )


@require_http_methods(["GET", "POST"])
def guest_verify(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        if request.method == "POST":
            link = registration.verify_guest(secret=secret)
            request.session[VERIFIED] = {
                "email": link.email,
                "office": link.office_id,
                "at": timezone.now().timestamp(),
            }
            return redirect("portal:guest_ask")
        email_links.peek(secret, purpose=EmailLink.Purpose.GUEST)
    except email_links.LinkRefused as refusal:
        return render(
            request,
            "portal/link_refused.html",
            {"message": refusal.message, "again_url": reverse("portal:guest_start")},
            status=410 if refusal.reason != "unknown" else 404,
        )
    return render(request, "portal/guest_verify.html")


@require_http_methods(["GET", "POST"])
def guest_ask(request: HttpRequest) -> HttpResponse:
    verified = _verified(request)
    if verified is None:
        messages.warning(request, _("Confirm your e-mail address first; it takes a minute."))
        return redirect("portal:guest_start")
    office = public_offices().filter(pk=verified["office"]).first()
    if office is None:
        return redirect("portal:guest_start")
    request.portal_office = office  # type: ignore[attr-defined]
    if request.method == "GET":
        form = GuestAskForm(office=office, initial={"preferred_channel": "email"})
        return render(
            request, "portal/ask.html", {"form": form, "office": office, "guest": verified}
        )
    form = GuestAskForm(request.POST, request.FILES, office=office)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                profile = registration.guest_profile(
                    office=office,
                    email=verified["email"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    preferred_channel=data["preferred_channel"],
                )
                c = services.ask_online(
                    actor=profile.user,  # type: ignore[arg-type]
                    office=office,
                    subject=data["subject"],
                    question=data["question"],
                    service_type=data["service_type"],
                    files=data["documents"],
                    client_token=data["client_token"],
                )
                first_time = not hasattr(c, "guest_pass")
                code = guest_access.open_pass(c) if first_time else None
                token = guest_access.issue_link(c) if first_time else None
        except InvalidProfile as refusal:
            for field, errors in refusal.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not refusal.field_errors:
                form.add_error(None, refusal.message)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            grant(request, c)
            if code is not None and token is not None:
                request.session[RECEIPT] = {"number": c.number, "code": code}
                _mail_guest_keys(request, c, code=code, token=token)
            return redirect("portal:guest_receipt", number=c.number)
    context = {"form": form, "office": office, "guest": verified}
    return render(request, "portal/ask.html", context, status=400)


def _mail_guest_keys(request, c, *, code: str | None, token: str) -> None:
    link = _absolute(request, "portal:guest_link", token=token)
    lines = [
        _("Your question has been received. Its number is %(number)s.") % {"number": c.number},
        "",
        _("Follow it with this link (it works once, for %(hours)d hours):")
        % {"hours": guest_access.link_lifetime().total_seconds() // 3600},
        link,
    ]
    if code:
        lines += ["", _("Or enter the number with this access code: %(code)s") % {"code": code}]
    send_account_mail(
        to=c.stakeholder.email,
        subject=_("[%(number)s] %(subject)s") % {"number": c.number, "subject": c.subject},
        body="\n".join(lines),
    )


@require_GET
def guest_receipt(request: HttpRequest, number: str) -> HttpResponse:
    door = guest_door(request, number)
    shown = request.session.get(RECEIPT) or {}
    code = shown.get("code") if shown.get("number") == number else None
    if code:
        # Shown once: a reload or the back button no longer shows it.
        del request.session[RECEIPT]
    context = {
        "c": door.consultation,
        "door": door,
        "code": code,
        **next_steps(door.consultation.office),
    }
    return render(request, "portal/receipt.html", context)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Number + access code opens the consultation; number + e-mail brings a fresh link."""
    code_form = AccessCodeForm(prefix="kode")
    link_form = NewLinkForm(prefix="tautan")
    status = 200
    if request.method == "POST" and request.POST.get("form") == "code":
        code_form = AccessCodeForm(request.POST, prefix="kode")
        if code_form.is_valid():
            try:
                c = guest_access.open_with_code(
                    code_form.cleaned_data["number"], code_form.cleaned_data["code"]
                )
            except DomainError as refusal:
                code_form.add_error(None, refusal.message)
            else:
                grant(request, c)
                return redirect("portal:guest_consultation", number=c.number)
        status = 400
    elif request.method == "POST" and request.POST.get("form") == "link":
        link_form = NewLinkForm(request.POST, prefix="tautan")
        if link_form.is_valid():
            found = guest_access.guest_consultation_for_email(
                link_form.cleaned_data["number"], link_form.cleaned_data["email"]
            )
            if found is not None and guest_access.may_send_another_link(found):
                with transaction.atomic():
                    token = guest_access.issue_link(found)
                _mail_guest_keys(request, found, code=None, token=token)
            return render(
                request, "portal/link_sent.html", {"email": link_form.cleaned_data["email"]}
            )
        status = 400
    context = {"code_form": code_form, "link_form": link_form}
    return render(request, "portal/track.html", context, status=status)


@require_http_methods(["GET", "POST"])
def guest_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "portal/guest_link.html")
    try:
        c = guest_access.redeem_link(token)
    except guest_access.GuestKeyRefused as refusal:
        return render(
            request,
            "portal/link_refused.html",
            {"message": refusal.message, "again_url": reverse("portal:track")},
            status=410,
        )
    grant(request, c)
    return redirect("portal:guest_consultation", number=c.number)
