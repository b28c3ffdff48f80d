"""Text from people and programs, made safe to store and to show.

A NUL cannot be stored in PostgreSQL, and an unpaired surrogate (which a JSON body may carry
as "\\ud800") cannot be encoded at all: both are refused wherever text comes in. Control
characters and bidirectional overrides can forge a header or make "invoice\\u202efdp.exe"
read as "invoiceexe.pdf": one-line fields lose them, tokens refuse them, long texts keep only
their tabs and line breaks.

Here, below every app that takes text in (consultations and accounts both use it)."""

import re

from django.utils.translation import gettext as _

from konsultasi.errors import InvalidInput

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible direction
# marks beside them (LRM, RLM, ALM), which have no business in the texts of this office.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
# Every C0 and C1 control (DEL among them) and the direction marks.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# As above, less the controls str.split() reads as white space: those become a single space,
# so "Gaji\tke-13" stays two words.
_UNSAFE_NOT_SPACE = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{_BIDI}]")
# In a long text: line breaks of every kind become "\n"; tabs stay.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNSAFE_IN_LONG_TEXT = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{_BIDI}]")


def one_line(value: object, *, field: str) -> str:
    """A subject, a name, an organisation: controls and direction marks removed, white space
    of any kind folded to single spaces, the ends trimmed. `field` names it in a refusal."""
    checked = _checked(value, field)
    return " ".join(_UNSAFE_NOT_SPACE.sub("", checked).split())


def long_text(value: object, *, field: str) -> str:
    """A question or an answer: line breaks made "\\n", tabs kept, other controls and
    direction marks removed, the ends trimmed."""
    checked = _LINE_BREAK.sub("\n", _checked(value, field))
    return _UNSAFE_IN_LONG_TEXT.sub("", checked).strip()


def token(value: object, *, field: str) -> str:
    """An identifier sent by a program (an idempotency key): taken exactly as sent, or
    refused, because a silently altered token would match another submission."""
    checked = _checked(value, field)
    if _UNSAFE.search(checked):
        raise InvalidInput(
            _("%(field)s may not contain control characters or direction marks.") % {"field": field}
        )
    return checked


def searchable(value: object) -> str:
    """What a search box may look for: never refused, only stripped of what cannot be
    stored or matched."""
    if not isinstance(value, str):
        return ""
    return " ".join(_UNSAFE_NOT_SPACE.sub("", _UNSTORABLE.sub("", value)).split())


def _checked(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text.") % {"field": field})
    if _UNSTORABLE.search(value):
        raise InvalidInput(
            _(
                "%(field)s contains a character that cannot be stored (a NUL or an unpaired "
                "surrogate). Remove it and try again."
            )
            % {"field": field}
        )
    return value
