from django.contrib import admin
from django.urls import include, path

from konsultasi.desk.auth import SignInView, SignOutView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("desk/", include("konsultasi.desk.urls")),
    path("api/", include("konsultasi.api.urls")),
    path("survei/", include("konsultasi.portal.feedback_urls")),
    path("pustaka/", include("konsultasi.portal.library_urls")),
    # The stakeholders' portal and the office's public face.
    path("", include("konsultasi.portal.urls")),
]

# Refusals in the site's look and language (a notice, for an action done in place).
handler403 = "konsultasi.refusals.permission_denied"
handler404 = "konsultasi.refusals.page_not_found"
