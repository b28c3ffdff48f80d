from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "konsultasi.consultations"
    label = "consultations"
