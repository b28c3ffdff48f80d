"""Which service type a question is probably about, from the keywords the admin keeps on each
type (S4 of the standard: the officer identifies the question; we offer a first guess)."""

import re

from konsultasi.offices.models import Office, ServiceType

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def suggest_service_types(*, office: Office, text: str, limit: int = 3) -> list[ServiceType]:
    """The office's active types whose keywords occur in `text`, best first.

    A keyword may be several words ("kartu kredit"); it matches as a phrase of whole words.
    Types score by the number of their keywords found, longer phrases counting more."""
    words = _words(text)
    if not words:
        return []
    padded = f" {' '.join(words)} "
    scored = []
    for service_type in ServiceType.objects.filter(office=office, is_active=True).order_by("name"):
        score = 0
        for keyword in service_type.keywords.splitlines():
            phrase = _words(keyword)
            if phrase and f" {' '.join(phrase)} " in padded:
                score += len(phrase)
        if score:
            scored.append((-score, service_type.name, service_type))
    return [service_type for _, _, service_type in sorted(scored, key=lambda s: s[:2])[:limit]]
