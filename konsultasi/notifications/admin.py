from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from konsultasi.notifications.delivery import retry_parked
from konsultasi.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient",
        "address",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["address", "consultation__number"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the chosen parked messages"))
    def retry(self, request, queryset):
        count = retry_parked(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d parked message will be sent again.",
                "%(count)d parked messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
