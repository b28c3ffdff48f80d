from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from konsultasi.desk.auth import SignInView, SignOutView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("desk/", include("konsultasi.desk.urls")),
    path("api/", include("konsultasi.api.urls")),
    path("pustaka/", include("konsultasi.portal.library_urls")),
    path("", include("konsultasi.portal.urls")),
    # The stakeholders' portal takes "/" later; until then everybody starts at sign-in.
    path("", RedirectView.as_view(pattern_name="login", permanent=False)),
]
