from django.contrib import admin

from konsultasi.inbound.models import InboundMessage, Mailbox, WhatsAppNumber


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["office", "address", "host", "username", "is_active", "last_polled_at"]
    readonly_fields = ["last_polled_at", "last_error"]


@admin.register(WhatsAppNumber)
class WhatsAppNumberAdmin(admin.ModelAdmin):
    list_display = ["office", "display_number", "phone_number_id"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "office", "source", "sender", "subject", "outcome", "note"]
    list_filter = ["outcome", "source", "office"]
    search_fields = ["sender", "subject", "message_id"]
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
    exclude = ["raw"]

    def has_add_permission(self, request):
        return False
