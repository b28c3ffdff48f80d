"""The desk's survey and complaint pages, and the survey kiosk beside the queue kiosk."""

from django.urls import path

from konsultasi.desk import complaint_register, survey_index, survey_kiosk

urlpatterns = [
    path("pengaduan/", complaint_register.complaint_list, name="complaint_list"),
    path("pengaduan/catat/", complaint_register.register, name="complaint_register"),
    path("pengaduan/<int:pk>/", complaint_register.complaint_detail, name="complaint_detail"),
    path(
        "pengaduan/<int:pk>/<slug:step>/",
        complaint_register.complaint_step,
        name="complaint_step",
    ),
    path("survei/", survey_index.survey_index, name="survey_index"),
    path("survei/kuesioner-kertas/", survey_index.paper_entry, name="survey_paper"),
    path("antrian/<slug:office_slug>/survei/", survey_kiosk.kiosk, name="survey_kiosk"),
    path(
        "antrian/<slug:office_slug>/survei/terima-kasih/",
        survey_kiosk.kiosk_thanks,
        name="survey_kiosk_thanks",
    ),
]
