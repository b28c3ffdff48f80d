from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "konsultasi.offices"
    label = "offices"
