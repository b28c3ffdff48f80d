"""Counters are master data the office's admin keeps; queue tickets are read here, never
edited (their status changes only through the queue services)."""

from django.contrib import admin

from konsultasi.walkins.models import Counter, Ticket


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "sort_order", "is_active"]
    list_filter = ["office", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["label", "service_day", "office", "status", "counter", "called_by"]
    list_filter = ["office", "status", "service_day"]
    list_select_related = ["office", "counter", "called_by"]
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
