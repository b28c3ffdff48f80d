from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "konsultasi.inbound"
    label = "inbound"
    verbose_name = _("incoming mail and messages")

    def ready(self) -> None:
        from konsultasi.inbound.models import Mailbox
        from konsultasi.notifications.reply_tokens import register_reply_address

        def published_address(office_id: int) -> str | None:
            return (
                Mailbox.objects.filter(office_id=office_id, is_active=True)
                .values_list("address", flat=True)
                .first()
            )

        register_reply_address(published_address)
