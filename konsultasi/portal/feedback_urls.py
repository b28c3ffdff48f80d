"""The stakeholders' survey and complaint pages and the public index summary, mounted at
/survei/ by konsultasi/urls.py."""

from django.urls import path

from konsultasi.portal import survey

app_name = "feedback_portal"

urlpatterns = [
    path("isi/<str:token>/", survey.survey_link, name="survey_link"),
    path("saya/", survey.my_surveys, name="my_surveys"),
    path("saya/<str:number>/", survey.my_survey, name="my_survey"),
    path("terima-kasih/<slug:office_slug>/", survey.survey_thanks, name="survey_thanks"),
    path("pengaduan/<str:number>/", survey.complain, name="complain"),
    path("hasil/<slug:office_slug>/", survey.summary, name="summary"),
]
