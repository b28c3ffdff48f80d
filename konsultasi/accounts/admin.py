from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import (
    OfficeRole,
    StakeholderProfile,
    User,
    WorkUnit,
    nik_validator,
)


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


class StakeholderProfileForm(forms.ModelForm):
    """The NIK is personal data: the admin never shows it. It can be replaced (write-only) or
    removed, never read back."""

    new_nik = forms.CharField(
        label=_("new NIK"),
        required=False,
        max_length=16,
        validators=[nik_validator],
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("16 digits. Leave empty to keep the NIK on record."),
    )
    clear_nik = forms.BooleanField(label=_("remove the NIK on record"), required=False)

    class Meta:
        model = StakeholderProfile
        fields = [
            "office",
            "user",
            "full_name",
            "position",
            "work_unit",
            "organisation",
            "email",
            "phone",
            "nip",
        ]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("new_nik") and cleaned.get("clear_nik"):
            self.add_error("clear_nik", _("Either enter a new NIK or remove it, not both."))
        return cleaned

    def save(self, commit: bool = True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("clear_nik"):
            profile.nik = ""
        elif self.cleaned_data.get("new_nik"):
            profile.nik = self.cleaned_data["new_nik"]
        if commit:
            profile.save()
            self.save_m2m()
        return profile


@admin.register(StakeholderProfile)
class StakeholderProfileAdmin(admin.ModelAdmin):
    form = StakeholderProfileForm
    list_display = ["full_name", "office", "position", "work_unit", "phone", "email", "nik_masked"]
    readonly_fields = ["nik_masked"]
    list_filter = ["office", "position"]
    search_fields = ["full_name", "phone", "email", "nip", "work_unit__code"]
    autocomplete_fields = ["user", "work_unit"]

    @admin.display(description=_("NIK"))
    def nik_masked(self, profile: StakeholderProfile) -> str:
        return profile.masked_nik or "—"
