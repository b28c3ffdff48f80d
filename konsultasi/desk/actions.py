"""Calling a lifecycle service from a desk form, and turning its refusal into a message.

Every action form carries the version of the consultation the page showed (hidden field
`version`); the service refuses a stale one with StaleEdit. Pages show a refusal's message in
the form's error summary, with 409 when someone else got there first and 400 otherwise."""

from collections.abc import Callable

from django import forms

from konsultasi.consultations.errors import AlreadyClaimed, StaleEdit
from konsultasi.errors import DomainError


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def call_service(service: Callable, /, *, expected_version: int | None, **arguments):
    """Call `service`, passing the version the page showed."""
    return service(**arguments, expected_version=expected_version)


def refusal_status(error: DomainError) -> int:
    return 409 if isinstance(error, StaleEdit | AlreadyClaimed) else 400


def add_refusal(form: forms.Form, error: DomainError) -> None:
    form.add_error(None, error.message)
