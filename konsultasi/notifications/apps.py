from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "konsultasi.notifications"
    label = "notifications"
    verbose_name = _("notifications")

    def ready(self) -> None:
        from konsultasi.notifications import webhooks

        webhooks.register()
