from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "konsultasi.feedback"
    label = "feedback"
    verbose_name = _("satisfaction survey and complaints")

    def ready(self) -> None:
        from konsultasi.feedback.reference_data import load_complaint_channels
        from konsultasi.offices.signals import reference_data_loaded

        reference_data_loaded.connect(load_complaint_channels, dispatch_uid="feedback-channels")
