from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from konsultasi.accounts.models import OfficeRole, StakeholderProfile, User, WorkUnit


class OfficeRoleInline(admin.TabularInline):
    model = OfficeRole
    fk_name = "user"
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [OfficeRoleInline]
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), (None, {"fields": ("phone",)}))


@admin.register(OfficeRole)
class OfficeRoleAdmin(admin.ModelAdmin):
    """Who holds which role where; a section head's role names the section they head."""

    list_display = ["user", "office", "role", "section"]
    list_filter = ["office", "role", "section"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "office"]
    search_fields = ["code", "name"]


@admin.register(StakeholderProfile)
class StakeholderProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "office", "position", "work_unit", "phone", "email"]
    list_filter = ["office", "position"]
    search_fields = ["full_name", "phone", "email", "nip", "work_unit__code"]
    autocomplete_fields = ["user", "work_unit"]
