from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konsultasi.knowledge.models import Citation, Entry, ReplyTemplate, Synonym
from konsultasi.knowledge.rebuild import rebuild_search_index


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    # Saved through the model, which recomputes the sanitized body and the search terms. The
    # PDF is attached on the desk's editor page, where its text is extracted.
    list_display = ("title", "number", "kind", "status", "is_public", "verified")
    list_filter = ("kind", "status", "is_public", "verified")
    search_fields = ("title", "number", "slug")
    readonly_fields = ("attachment", "attachment_name", "updated_at", "updated_by")
    autocomplete_fields = ("changed_by",)
    filter_horizontal = ("service_types",)


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
