from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "konsultasi.consultations"
    label = "consultations"
    verbose_name = _("consultations")

    def ready(self) -> None:
        from konsultasi.consultations.calendar_changes import connect_signals

        connect_signals()
