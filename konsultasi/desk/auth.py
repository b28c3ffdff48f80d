"""Sign-in for everybody at /login/: staff go on to the desk home of their role, anyone else to
the site's start page (the portal takes it later). Redirects stay on this site: Django's
LoginView accepts `next` only for this host."""

from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import reverse

from konsultasi.desk.access import staff_office
from konsultasi.desk.home import home_url_for


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_default_redirect_url(self) -> str:
        try:
            office = staff_office(self.request)
        except Http404:
            return "/"
        return home_url_for(self.request.user, office)  # type: ignore[arg-type]


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""

    def get_default_redirect_url(self) -> str:
        return reverse("login")
