"""The admin edits the complaint channels. Complaints themselves are not in the admin: they are
read on the desk through `feedback.complaints`, which hides whistleblowing reports from those
who may not read them and logs every read of one."""

from django.contrib import admin

from konsultasi.feedback.models import ComplaintChannel


@admin.register(ComplaintChannel)
class ComplaintChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "response_working_days", "is_whistleblowing", "is_active")
    list_editable = ("response_working_days", "is_active")
    ordering = ("position", "name")
