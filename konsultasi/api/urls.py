from django.urls import path

from konsultasi.api import whatsapp

urlpatterns: list = [
    path("whatsapp/webhook/", whatsapp.webhook, name="whatsapp_webhook"),
]
