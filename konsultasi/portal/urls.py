"""The portal, at the root of the site: the public standard, stakeholders' accounts and
consultations, and guests following theirs."""

from django.urls import path

from konsultasi.portal import accounts, ask, consultations, guests, notifications, public

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("kantor/<slug:slug>/", public.office_page, name="office"),
    # Asking
    path("tanya/", ask.ask_entry, name="ask"),
    path("konsultasi/", consultations.my_consultations, name="my_consultations"),
    path("konsultasi/<str:number>/", consultations.consultation, name="consultation"),
    path("konsultasi/<str:number>/diterima/", ask.receipt, name="receipt"),
    path(
        "konsultasi/<str:number>/berkas/<int:pk>/",
        consultations.attachment,
        name="attachment",
    ),
    path(
        "konsultasi/<str:number>/<slug:slug>/",
        consultations.consultation_action,
        name="consultation_action",
    ),
    path("pemberitahuan/", notifications.notifications, name="notifications"),
    path("pemberitahuan/dibaca/", notifications.notifications_read, name="notifications_read"),
    # Accounts
    path("daftar/", accounts.register, name="register"),
    path("daftar/selesai/", accounts.registered, name="registered"),
    path("daftar/<str:secret>/", accounts.register_complete, name="register_complete"),
    path("profil/", accounts.profile, name="profile"),
    path("profil/email/", accounts.email_change, name="email_change"),
    path("satker/", accounts.work_unit_lookup, name="work_unit_lookup"),
    path("profil/email/<str:secret>/", accounts.email_confirm, name="email_confirm"),
    path("sandi/lupa/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/selesai/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Guests
    path("tamu/", guests.guest_start, name="guest_start"),
    path("tamu/tanya/", guests.guest_ask, name="guest_ask"),
    path("tamu/<str:secret>/", guests.guest_verify, name="guest_verify"),
    path("lacak/", guests.track, name="track"),
    path("lacak/tautan/<str:token>/", guests.guest_link, name="guest_link"),
    path("lacak/<str:number>/", consultations.guest_consultation, name="guest_consultation"),
    path("lacak/<str:number>/diterima/", guests.guest_receipt, name="guest_receipt"),
    path(
        "lacak/<str:number>/berkas/<int:pk>/",
        consultations.guest_attachment,
        name="guest_attachment",
    ),
    path(
        "lacak/<str:number>/<slug:slug>/",
        consultations.guest_consultation_action,
        name="guest_consultation_action",
    ),
]
