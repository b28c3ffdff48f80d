from django.urls import path

from konsultasi.api import whatsapp
from konsultasi.api.main import api

# A plain list under the "api" namespace (the docs page reverses "api:openapi-json"); the
# WhatsApp gateway's webhook is a plain view beside ninja's endpoints.
app_name = "api"
urlpatterns: list = [
    *api.urls[0],
    path("whatsapp/webhook/", whatsapp.webhook, name="whatsapp_webhook"),
]
