"""The regulations and guidelines library: entries, their search on both databases, answer
suggestions and reply templates."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "konsultasi.knowledge"
    label = "knowledge"
    verbose_name = _("regulations and guidelines library")

    def ready(self) -> None:
        from konsultasi.consultations.models import Consultation
        from konsultasi.knowledge.indexing import consultation_saved
        from konsultasi.knowledge.reference_library import load_reference_library
        from konsultasi.offices.reference_data import register_reference_loader

        # The lifecycle below does not know the library: it finds out through the signal.
        post_save.connect(
            consultation_saved, sender=Consultation, dispatch_uid="knowledge-index-consultation"
        )
        register_reference_loader(load_reference_library)
