from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "konsultasi.notifications"
    label = "notifications"
    verbose_name = _("notifications")

    def ready(self) -> None:
        from konsultasi.notifications import webhooks
        from konsultasi.notifications.channels import register_sender
        from konsultasi.notifications.mail import send_email
        from konsultasi.notifications.models import OutboxMessage
        from konsultasi.notifications.whatsapp import send_whatsapp

        register_sender(OutboxMessage.Channel.EMAIL, send_email)
        register_sender(OutboxMessage.Channel.WHATSAPP, send_whatsapp)
        webhooks.register()
