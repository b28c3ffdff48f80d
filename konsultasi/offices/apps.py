from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "konsultasi.offices"
    label = "offices"
    verbose_name = _("offices")

    def ready(self) -> None:
        from konsultasi.offices.calendar import connect_signals

        connect_signals()
