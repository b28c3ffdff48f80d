"""The quick widgets write exactly the markup Django's widget templates write."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from konsultasi.desk.widgets import QuickDateInput, QuickSelect, QuickTextInput

CHOICES = [
    ("", "All"),
    ("open", 'Open <& "quoted">'),
    (3, "Three"),
    ("Group", [("a", "A"), ("b", "B & co")]),
]


@pytest.mark.parametrize("value", [None, "", "open", 3, "3", "b", "missing"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_x"}, {"id": "id_x", "required": True, "disabled": False, "data-x": '"<'}],
)
def test_a_quick_select_writes_the_markup_of_djangos_select(value, attrs):
    django = forms.Select(choices=CHOICES).render("pick", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("pick", value, attrs)
    assert quick == django


def test_a_quick_select_keeps_a_safe_label_unescaped_like_django():
    choices = [("x", mark_safe("<b>X</b>"))]
    assert QuickSelect(choices=choices).render("s", "x") == forms.Select(choices=choices).render(
        "s", "x"
    )


@pytest.mark.parametrize("value", [None, "", "pajak <b>", 'a "quote"'])
def test_a_quick_text_input_writes_the_markup_of_djangos(value):
    attrs = {"type": "search", "data-search": "", "placeholder": "nomor…", "id": "id_q"}
    assert QuickTextInput(attrs={"maxlength": "200"}).render("q", value, attrs) == forms.TextInput(
        attrs={"maxlength": "200"}
    ).render("q", value, attrs)


@pytest.mark.parametrize("value", [None, "", "2026-11-24", "not a date"])
def test_a_quick_date_input_writes_the_markup_of_djangos(value):
    quick, django = QuickDateInput(), forms.DateInput()
    quick.input_type = django.input_type = "date"
    assert quick.render("d", value, {"id": "id_d"}) == django.render("d", value, {"id": "id_d"})
