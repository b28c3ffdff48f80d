import re

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from konsultasi.errors import InvalidInput
from konsultasi.notifications import webhooks
from konsultasi.notifications.delivery import retry_parked
from konsultasi.notifications.models import OutboxMessage, WebhookDelivery, WebhookSubscription

EVENT_NAME = re.compile(r"^consultation\.[a-z_]{1,40}$")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient",
        "address",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["address", "consultation__number"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the chosen parked messages"))
    def retry(self, request, queryset):
        count = retry_parked(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d parked message will be sent again.",
                "%(count)d parked messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


class WebhookSubscriptionForm(forms.ModelForm):
    """The URL is checked as it is saved (and again at every delivery); only an administrator
    may let it reach an internal address."""

    event_list = forms.CharField(
        label=_("events"),
        initial="*",
        help_text=_('Comma-separated, e.g. "consultation.submit, consultation.resolve", or *.'),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["office", "url", "is_active", "allow_private"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["event_list"].initial = ", ".join(self.instance.events)

    def clean(self):
        cleaned = super().clean() or {}
        events = [e.strip() for e in (cleaned.get("event_list") or "").split(",") if e.strip()]
        if not events or any(e != "*" and not EVENT_NAME.match(e) for e in events):
            self.add_error("event_list", _("Name events like consultation.resolve, or *."))
        cleaned["events"] = sorted(set(events))
        if cleaned.get("url"):
            try:
                webhooks.check_url(cleaned["url"], allow_private=bool(cleaned.get("allow_private")))
            except InvalidInput as refusal:
                self.add_error("url", refusal.message)
        return cleaned

    def save(self, commit=True):
        subscription = super().save(commit=False)
        subscription.events = self.cleaned_data["events"]
        if not subscription.secret:
            subscription.secret = webhooks.new_secret()
        if commit:
            subscription.save()
        return subscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["url", "office", "is_active", "allow_private", "created_at"]
    list_filter = ["office", "is_active", "allow_private"]
    readonly_fields = ["secret", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "last_status", "delivered_at"]
    list_filter = ["event", "subscription__office"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
