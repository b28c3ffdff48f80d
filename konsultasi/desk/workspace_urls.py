"""The consultation workspace and its actions, attachments, and the logged-contacts page."""

from django.urls import path

from konsultasi.desk import attachments, logged_contacts, workspace

urlpatterns = [
    path("k/<str:number>/", workspace.consultation, name="consultation"),
    path("k/<str:number>/jam/", workspace.consultation_clocks, name="consultation_clocks"),
    path(
        "k/<str:number>/aksi/<slug:slug>/",
        workspace.consultation_action,
        name="consultation_action",
    ),
    path("k/<str:number>/lampiran/<int:pk>/", attachments.attachment, name="attachment"),
    path(
        "k/<str:number>/lampiran/<int:pk>/pratinjau/",
        attachments.attachment,
        {"preview": True},
        name="attachment_preview",
    ),
    path("kontak/baru/", logged_contacts.log_contact, name="log_contact"),
    path("kontak/cari-stakeholder/", logged_contacts.stakeholder_search, name="stakeholder_search"),
]
