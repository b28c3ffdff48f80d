from django.urls import include, path

from konsultasi.desk import alerts, home, inbox, overview, section_desk

app_name = "desk"

urlpatterns = [
    path("", home.home, name="home"),
    path("kotak-masuk/", inbox.inbox, name="inbox"),
    path("seksi/", section_desk.section_desk, name="section_desk"),
    path("seksi/<str:number>/jawab/", section_desk.answer_escalation, name="answer_escalation"),
    path("ikhtisar/", overview.overview, name="overview"),
    path("peringatan/<int:pk>/dibaca/", alerts.alert_read, name="alert_read"),
    path("peringatan/dibaca/", alerts.alerts_read, name="alerts_read"),
    # Owned by the workspace and walk-in engineers; names land in the "desk" namespace.
    path("", include("konsultasi.desk.workspace_urls")),
    path("", include("konsultasi.desk.walk_in_urls")),
    path("", include("konsultasi.desk.feedback_urls")),
    path("", include("konsultasi.desk.library_urls")),
]
