from django.urls import include, path

from konsultasi.desk import home, views

app_name = "desk"

urlpatterns = [
    path("", home.home, name="home"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("seksi/", views.section_desk, name="section_desk"),
    path("ikhtisar/", views.overview, name="overview"),
    # Owned by the workspace and walk-in engineers; names land in the "desk" namespace.
    path("", include("konsultasi.desk.workspace_urls")),
    path("", include("konsultasi.desk.walk_in_urls")),
]
