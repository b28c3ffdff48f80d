from collections import defaultdict
from itertools import pairwise

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

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


class WorkingHoursFormSet(BaseInlineFormSet):
    """The hours of one weekday may not overlap, and the office must open on some day: the
    clocks cannot run otherwise."""

    def clean(self):
        super().clean()
        by_day = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("opens") or not data.get("closes"):
                continue
            by_day[data["weekday"]].append((data["opens"], data["closes"]))
        if not by_day:
            raise ValidationError(_("An office needs working hours on at least one day."))
        for weekday, intervals in by_day.items():
            intervals.sort()
            for (_opens, closes), (next_opens, _closes) in pairwise(intervals):
                if next_opens < closes:
                    raise ValidationError(
                        _("The hours of %(day)s overlap.")
                        % {"day": WorkingHours.Weekday(weekday).label}
                    )


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    formset = WorkingHoursFormSet
    extra = 0


class CalendarOverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


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
    # No head here: the head of a section is whoever holds the section-head role for it,
    # set on the user's office roles (accounts), so there is one rule and one place to edit it.
    list_display = ["name", "office", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "code"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "default_section", "target_minutes", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
