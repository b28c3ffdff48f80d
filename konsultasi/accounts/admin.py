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
