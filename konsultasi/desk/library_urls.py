"""The library at the desk and the workspace's answer suggestions (names in "desk")."""

from django.urls import path

from konsultasi.desk import answer_suggestions, library

urlpatterns = [
    path("pustaka/", library.library, name="library"),
    path("pustaka/tambah/", library.entry_create, name="library_create"),
    path("pustaka/<slug:slug>/", library.entry, name="library_entry"),
    path("pustaka/<slug:slug>/ubah/", library.entry_edit, name="library_edit"),
    path("pustaka/<slug:slug>/hapus/", library.entry_delete, name="library_delete"),
    path("pustaka/<slug:slug>/berkas/", library.entry_pdf, name="library_pdf"),
    path(
        "k/<str:number>/pustaka/saran/",
        answer_suggestions.suggestions,
        name="library_suggestions",
    ),
    path(
        "k/<str:number>/pustaka/kutip/<int:entry_pk>/",
        answer_suggestions.cite,
        name="library_cite",
    ),
    path(
        "k/<str:number>/pustaka/batal-kutip/<int:entry_pk>/",
        answer_suggestions.uncite,
        name="library_uncite",
    ),
    path(
        "k/<str:number>/pustaka/jawaban/<str:other>/",
        answer_suggestions.use_answer,
        name="library_use_answer",
    ),
    path(
        "k/<str:number>/pustaka/templat/<int:pk>/",
        answer_suggestions.use_template,
        name="library_use_template",
    ),
]
