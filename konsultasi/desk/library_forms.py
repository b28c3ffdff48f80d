"""The editors' form for one library entry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.knowledge.models import Entry
from konsultasi.offices.models import ServiceType

TAGS_MAX = 30
# Slugs that would collide with the library's own addresses (/desk/pustaka/tambah/).
RESERVED_SLUGS = frozenset({"tambah"})


class EntryForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. sp2d, retur, gaji."),
    )
    service_type_codes = forms.MultipleChoiceField(
        label=_("Service types"), required=False, widget=forms.CheckboxSelectMultiple
    )
    pdf = forms.FileField(
        label=_("PDF of the regulation"),
        required=False,
        help_text=_("Its text becomes searchable. At most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    remove_pdf = forms.BooleanField(label=_("Remove the attached PDF"), required=False)

    class Meta:
        model = Entry
        fields = [
            "kind",
            "number",
            "title",
            "slug",
            "issuer",
            "issued_on",
            "effective_on",
            "status",
            "changed_by",
            "summary",
            "body",
            "is_public",
            "verified",
            "notes",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        types = ServiceType.objects.filter(office=office, is_active=True).order_by("name")
        codes = self.fields["service_type_codes"]
        codes.choices = [(t.code, t.name) for t in types]  # type: ignore[attr-defined]
        changed_by = self.fields["changed_by"]
        others = Entry.objects.exclude(kind="faq").order_by("title")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial["tags_text"] = ", ".join(self.instance.tags or [])
            self.initial["service_type_codes"] = list(
                self.instance.service_types.values_list("code", flat=True).distinct()
            )
        changed_by.queryset = others  # type: ignore[attr-defined]
        changed_by.help_text = _("For an amended or revoked entry: the one that changed it.")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        return slug

    def clean_tags_text(self) -> list[str]:
        tags = [t.strip().lower() for t in self.cleaned_data["tags_text"].split(",")]
        tags = list(dict.fromkeys(t for t in tags if t))
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(_("At most 30 tags."))
        return tags

    def clean(self):
        data = super().clean()
        if data is not None and data.get("status") == "in_force" and data.get("changed_by"):
            self.add_error("changed_by", _("An entry in force has not been amended or revoked."))
        return data


class DeleteEntryForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this entry and remove it from the search"), required=True
    )
