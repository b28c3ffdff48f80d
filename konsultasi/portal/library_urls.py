"""The public library, mounted at /pustaka/ (names in "pustaka")."""

from django.urls import path

from konsultasi.portal import library

app_name = "pustaka"

urlpatterns = [
    path("", library.library, name="library"),
    path("<slug:slug>/", library.entry, name="entry"),
    path("<slug:slug>/berkas/", library.entry_pdf, name="pdf"),
]
