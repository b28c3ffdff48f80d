from django.contrib import admin

from konsultasi.offices.models import (
    CalendarOverride,
    Channel,
    Office,
    Region,
    Section,
    ServiceStandard,
    ServiceType,
    WorkingHours,
)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class CalendarOverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    autocomplete_fields = ["head"]


class ServiceStandardInline(admin.StackedInline):
    model = ServiceStandard
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code", "region", "is_active"]
    search_fields = ["name", "slug", "code"]
    inlines = [ServiceStandardInline, WorkingHoursInline, CalendarOverrideInline, SectionInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "head", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["head"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "default_section", "target_minutes", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
