"""Consultations are read here, never edited: every change goes through the services, so the
admin shows them read-only (the event log above all)."""

from django.contrib import admin

from konsultasi.consultations.models import Alert, Consultation, Event


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    fields = ("created_at", "actor", "action", "from_status", "to_status", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "office", "status", "assignee", "received_at"]
    list_filter = ["office", "status", "channel"]
    search_fields = ["number", "subject"]
    inlines = [EventInline]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "consultation", "actor", "action", "from_status", "to_status"]
    list_filter = ["action"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "clock", "step", "due_at", "created_at"]
    list_filter = ["clock", "step"]
