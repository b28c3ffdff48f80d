"""Sign-in for everybody at /login/: staff go on to the desk home of their role, stakeholders to
their consultations on the portal. Redirects stay on this site: Django's LoginView accepts
`next` only for this host. Failed attempts are throttled per user name and address together
(django-axes, settings.AXES_*), with one message whether or not the account exists."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.throttling import normalise_username
from konsultasi.desk.access import staff_office
from konsultasi.desk.home import home_url_for


class SignInForm(AuthenticationForm):
    # One message for every failure, so the page never tells whether an account exists.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is not right. Mind capital and small letters."
        ),
    }

    def clean_username(self) -> str:
        # Stakeholders sign in with their e-mail address, in whatever capitals they type it.
        return normalise_username(self.cleaned_data.get("username") or "")


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm

    def get_default_redirect_url(self) -> str:
        try:
            office = staff_office(self.request)
        except Http404:
            if getattr(self.request.user, "stakeholder_profile", None) is not None:
                return reverse("portal:my_consultations")
            return reverse("portal:home")
        return home_url_for(self.request.user, office)  # type: ignore[arg-type]


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""

    def get_default_redirect_url(self) -> str:
        return reverse("login")
