"""Consultations are read here, never edited: every change goes through the services, so the
admin shows them read-only (the event log above all)."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from konsultasi.consultations import importing
from konsultasi.consultations.models import Alert, Consultation, Event
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office


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


class ImportForm(forms.Form):
    office = forms.ModelChoiceField(label=_("office"), queryset=Office.objects.all())
    file = forms.FileField(label=_("file (.csv or .xlsx)"))
    mapping = forms.CharField(
        label=_("column mapping (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=_(
            'Our field → the file\'s column, e.g. {"date": "Tanggal"}. Fields: %(fields)s. '
            "A field not named is looked for under its own name."
        )
        % {"fields": ", ".join(importing.FIELDS)},
    )
    dry_run = forms.BooleanField(
        label=_("dry run: check and report, import nothing"), required=False, initial=True
    )


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "office", "status", "assignee", "received_at"]
    list_filter = ["office", "status", "channel"]
    search_fields = ["number", "subject", "external_reference"]
    inlines = [EventInline]
    change_list_template = "admin/consultations/consultation_change_list.html"

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="consultations_consultation_import",
            )
        ]
        return own + super().get_urls()

    def import_view(self, request):
        """Upload a file, map its columns, try it as a dry run, then import: the same service
        as `manage.py import_consultations`, with the same per-row report."""
        if not request.user.is_superuser:
            raise PermissionDenied
        report, refusal = None, ""
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importing.import_consultations(
                    office=form.cleaned_data["office"],
                    rows=importing.read_rows(upload.read(), upload.name),
                    mapping=importing.parse_mapping(form.cleaned_data["mapping"]),
                    actor=request.user,
                    source=upload.name[:200],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as error:
                refusal = error.message
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import consultations"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "refusal": refusal,
            "example": json.dumps({f: f for f in importing.REQUIRED}),
        }
        return TemplateResponse(request, "admin/consultations/import.html", context)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "consultation", "actor", "action", "from_status", "to_status"]
    list_filter = ["action"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "clock", "step", "due_at", "created_at"]
    list_filter = ["clock", "step"]
