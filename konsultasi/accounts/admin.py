from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts import api_keys
from konsultasi.accounts.models import (
    ApiKey,
    OfficeRole,
    StakeholderProfile,
    User,
    WorkUnit,
    nik_validator,
)
from konsultasi.errors import DomainError


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


class ApiKeyForm(forms.ModelForm):
    """An admin issues a key for an office's integration (acting as its own service account)
    or for a person; the key is shown once, on the page after saving."""

    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text=_("For a personal token: leave the office empty and choose the person."),
    )
    scope_list = forms.CharField(
        label=_("scopes"),
        initial="read",
        help_text=_("'all' or a comma-separated list of: read, submit, act, webhooks."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "office"]

    def clean(self):
        cleaned = super().clean() or {}
        if bool(cleaned.get("office")) == bool(cleaned.get("person")):
            raise forms.ValidationError(_("Choose an office or a person, not both."))
        try:
            cleaned["scopes"] = api_keys.parse_scopes(cleaned.get("scope_list") or "")
        except DomainError as refusal:
            self.add_error("scope_list", refusal.message)
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Issue and revoke API keys. A key cannot be edited: revoke it and issue another."""

    list_display = ["name", "prefix", "office", "user", "scope_text", "last_used_at", "revoked_at"]
    list_filter = ["office", "revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke_keys"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "name",
            "office",
            "user",
            "prefix",
            "scopes",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
        ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "office", "person", "scope_list"]
        return self.get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if data.get("office"):
            row, key = api_keys.issue_integration_key(
                office=data["office"],
                name=data["name"],
                scopes=data["scopes"],
                issued_by=request.user,
            )
        else:
            row, key = api_keys.issue_personal_token(
                user=data["person"],
                name=data["name"],
                scopes=data["scopes"],
                issued_by=request.user,
            )
        form.instance = row
        obj.pk = row.pk
        messages.warning(
            request,
            _("Copy the key now; it is not shown again: %(key)s") % {"key": key},
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        for row in queryset.filter(revoked_at__isnull=True):
            api_keys.revoke(row)
        messages.success(request, _("The keys were revoked."))

    @admin.display(description=_("scopes"))
    def scope_text(self, row: ApiKey) -> str:
        return ", ".join(row.scopes)
