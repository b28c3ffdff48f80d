"""The walk-in queue: the public kiosk and waiting-room display of each office, and the
officers' counter with registration of the called visitor."""

from django.urls import path

from konsultasi.desk import walk_in, walk_in_counter

urlpatterns = [
    path("antrian/loket/", walk_in_counter.counter, name="walk_in_counter"),
    path("antrian/loket/pilih/", walk_in_counter.choose_counter, name="walk_in_choose_counter"),
    path("antrian/panggil/", walk_in_counter.call_next, name="walk_in_call_next"),
    path("antrian/nomor/<int:pk>/daftar/", walk_in_counter.register, name="walk_in_register"),
    path("antrian/nomor/<int:pk>/panggil-ulang/", walk_in_counter.recall, name="walk_in_recall"),
    path("antrian/nomor/<int:pk>/tidak-hadir/", walk_in_counter.no_show, name="walk_in_no_show"),
    path("antrian/nomor/<int:pk>/selesai/", walk_in_counter.finish, name="walk_in_finish"),
    path("antrian/<slug:office_slug>/kiosk/", walk_in.kiosk, name="walk_in_kiosk"),
    path(
        "antrian/<slug:office_slug>/kiosk/nomor/<str:token>/",
        walk_in.kiosk_ticket,
        name="walk_in_kiosk_ticket",
    ),
    path("antrian/<slug:office_slug>/layar/", walk_in.display, name="walk_in_display"),
]
