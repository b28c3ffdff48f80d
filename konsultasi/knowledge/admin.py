from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konsultasi.errors import DomainError
from konsultasi.knowledge import services
from konsultasi.knowledge.models import Citation, Entry, ReplyTemplate, Synonym
from konsultasi.knowledge.rebuild import rebuild_search_index


class EntryAdminForm(forms.ModelForm):
    pdf = forms.FileField(label=gettext_lazy("PDF of the regulation"), required=False)

    class Meta:
        model = Entry
        fields = [
            *("slug", "kind", "number", "title", "issuer", "issued_on", "effective_on"),
            *("status", "changed_by", "summary", "body", "tags", "service_types"),
            *("is_public", "verified", "notes"),
        ]

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        self.pdf_bytes = upload.read() if upload else None
        if self.pdf_bytes is not None:
            try:
                services.extract_pdf_text(self.pdf_bytes)
            except DomainError as refusal:
                raise forms.ValidationError(refusal.message) from None
        return upload


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    # Saved through the library's service (text cleaned, the PDF's text extracted, the terms
    # recomputed in the same transaction); the admin then sets the service types.
    form = EntryAdminForm
    list_display = ("title", "number", "kind", "status", "is_public", "verified")
    list_filter = ("kind", "status", "is_public", "verified")
    search_fields = ("title", "number", "slug")
    readonly_fields = ("attachment", "attachment_name", "updated_at", "updated_by")
    autocomplete_fields = ("changed_by",)
    filter_horizontal = ("service_types",)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("pdf")
        services.save_entry(
            actor=None,  # the admin's own permissions let them here
            entry=obj,
            pdf=form.pdf_bytes,
            pdf_name=upload.name if upload else "",
        )


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "meaning", "kind")
    list_filter = ("kind",)
    search_fields = ("term", "meaning")
    actions = ["rebuild_index"]

    @admin.action(
        description=gettext_lazy("Rebuild the search index (after changing informal spellings)")
    )
    def rebuild_index(self, request, queryset):
        entries, consultations = rebuild_search_index()
        self.message_user(
            request,
            _("Search index rebuilt: %(entries)d entries, %(consultations)d consultations.")
            % {"entries": entries, "consultations": consultations},
            messages.SUCCESS,
        )


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "office", "service_type", "is_active")
    list_filter = ("office", "is_active")
    search_fields = ("title", "body")
    filter_horizontal = ("entries",)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("consultation", "entry", "cited_by", "cited_at")
    readonly_fields = ("consultation", "entry", "cited_by", "cited_at")

    def has_add_permission(self, request):
        return False
