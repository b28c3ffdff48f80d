from django import forms
from django.utils.translation import gettext_lazy as _


class StakeholderComplaintForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Your complaint"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What went wrong in the service, and what you expected instead."),
    )
